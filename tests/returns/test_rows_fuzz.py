"""Whatever a dealer pastes, uploads or types as a repair list, the batch takes the rows or
refuses them with a DomainError (422 with a message per wrong cell): never another
exception, and a refusal adds no unit. Random text and bytes, random but plausible rows,
CSV and XLSX files, and damaged XLSX files."""

import io
import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sanbao.catalog.serial_rows import RowError
from sanbao.config.errors import DomainError
from sanbao.returns.building import batch_units_add, batch_units_import, batch_units_paste
from sanbao.returns.rows import REPAIR_LIST, LineChecker, pasted_rows
from tests.catalog.test_serial_rows_fuzz import csv_bytes, damaged, xlsx_bytes, xlsx_cell

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HEADINGS = sorted({name for names in REPAIR_LIST.columns.values() for name in names})
heading = st.one_of(st.sampled_from(HEADINGS), st.text(max_size=10))
cell = st.one_of(
    st.sampled_from(["RMS-PB10K", "rms-cb1m", "RMS-AC20", "TOP-PB10", "RMSSTOCK0001",
                     "RMS0000000001", "不充电", "data_cable", "数据线、说明书", "充电器; 线",
                     "power_bank", "移动电源", "cable", "2025-06-01", "2099-01-01", "", " "]),
    st.text(max_size=30),
    st.text(alphabet=string.printable + "\x00\r\u3001\uff1b", max_size=30),
)  # fmt: skip
rows_table = st.tuples(
    st.lists(heading, max_size=7), st.lists(st.lists(cell, max_size=7), max_size=10)
)
typed_row = st.dictionaries(
    st.sampled_from([*REPAIR_LIST.columns, "other"]), st.one_of(cell, xlsx_cell), max_size=7
)
A_GOOD_XLSX = xlsx_bytes(
    ["型号", "序列号", "故障", "配件"], [["RMS-PB10K", f"RMS00000000{n}", "不充电", "数据线"]
                                    for n in range(1, 4)]
)  # fmt: skip


@pytest.fixture
def draft(make_batch, factory_stock):
    """An empty draft batch of the dealer's; the factory has RMSSTOCK0001 and 0002."""
    return make_batch(units=0)


def refused_or_added(draft, add) -> None:
    """Runs `add`, which returns how many units it added; a refusal must add none."""
    before = draft.units.count()
    try:
        added = add()
    except DomainError as refused:
        assert refused.status in (400, 413, 422) and refused.message
        assert draft.units.count() == before
        for row in refused.fields.get("rows", []):
            assert set(row) == {"row", "column", "message"} and row["message"]
    else:
        assert added > 0 and draft.units.count() == before + added


# Pasted text


@given(text=st.text(max_size=400))
@FUZZ
@example(text="RMS-PB10K,RMS0000000001,不充电\rRMS-PB10K,,坏了").via("old Mac line ends")
@example(text="model,fault\nRMS-PB10K," + "x" * 200_000).via("over the csv field limit")
def test_it_reads_any_pasted_text_or_refuses_it(text):
    try:
        rows = pasted_rows(text)
    except DomainError as refused:
        assert refused.status == 422 and refused.message
        return
    for number, raw in rows:
        assert number >= 1 and set(raw) <= set(REPAIR_LIST.columns)


@given(
    data=rows_table,
    delimiter=st.sampled_from(["\t", ","]),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
)
@FUZZ
def test_it_adds_pasted_rows_or_refuses_them(draft, dealer_user, data, delimiter, line_end):
    headings, rows = data
    text = line_end.join(delimiter.join(row) for row in [headings, *rows])
    refused_or_added(
        draft, lambda: batch_units_paste(number=draft.number, text=text, by=dealer_user)
    )


# Typed rows (the API's and the page's form)


@given(rows=st.lists(typed_row, max_size=6))
@FUZZ
@example(rows=[{"model": "RMS-PB10K", "fault": "不\x00充电", "serial": "RMS\x000000000001"}]).via(
    "NUL characters, which PostgreSQL refuses in text"
)
def test_it_adds_typed_rows_or_refuses_them(draft, dealer_user, rows):
    refused_or_added(draft, lambda: batch_units_add(number=draft.number, rows=rows, by=dealer_user))


@given(rows=st.lists(st.tuples(st.integers(0, 10**6), typed_row), max_size=8))
@FUZZ
def test_it_checks_any_rows(draft, rows):
    lines, errors = LineChecker(draft.brand).check_all(rows)
    assert lines or errors
    assert all(isinstance(error, RowError) and error.message for error in errors)


# Uploaded files


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@given(
    content=st.binary(max_size=2048), name=st.sampled_from(["list.csv", "list.xlsx", "list.xls"])
)
@FUZZ
def test_it_imports_random_bytes_or_refuses_them(draft, dealer_user, content, name):
    refused_or_added(
        draft,
        lambda: batch_units_import(
            number=draft.number, upload=io.BytesIO(content), file_name=name, by=dealer_user
        ),
    )


@given(data=rows_table, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
@FUZZ
@example(
    data=(["model", "fault", "serial"], [["RMS-PB10K", "不\x00充电", "RMS\x000000000001"]]),
    encoding="utf-8",
).via("NUL characters, which PostgreSQL refuses in text")
def test_it_imports_a_plausible_csv_or_refuses_it(draft, dealer_user, data, encoding):
    content = csv_bytes(*data, encoding, ",")
    refused_or_added(
        draft,
        lambda: batch_units_import(
            number=draft.number, upload=io.BytesIO(content), file_name="list.csv", by=dealer_user
        ),
    )


@given(
    data=st.tuples(
        st.lists(heading, max_size=7), st.lists(st.lists(xlsx_cell, max_size=7), max_size=10)
    )
)
@FUZZ
def test_it_imports_a_plausible_xlsx_or_refuses_it(draft, dealer_user, data):
    content = xlsx_bytes(*data)
    refused_or_added(
        draft,
        lambda: batch_units_import(
            number=draft.number, upload=io.BytesIO(content), file_name="list.xlsx", by=dealer_user
        ),
    )


@given(content=damaged(A_GOOD_XLSX))
@FUZZ
def test_it_imports_a_damaged_xlsx_or_refuses_it(draft, dealer_user, content):
    refused_or_added(
        draft,
        lambda: batch_units_import(
            number=draft.number, upload=io.BytesIO(content), file_name="list.xlsx", by=dealer_user
        ),
    )


def test_the_good_xlsx_is_imported(draft, dealer_user):
    """The damaged files above start from a file that imports."""
    added = batch_units_import(
        number=draft.number, upload=io.BytesIO(A_GOOD_XLSX), file_name="l.xlsx", by=dealer_user
    )
    assert added == 3
