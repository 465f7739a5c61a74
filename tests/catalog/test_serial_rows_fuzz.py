"""Whatever bytes arrive as a serial file, the reader gives rows or a FileError, the checker
gives a checked row or row errors, and an import ends succeeded or failed with its report:
never another exception. Random bytes, random but plausible CSV and XLSX files (headings
in either language, cells of every type), and damaged XLSX files."""

import csv
import io
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sanbao.catalog.models import SerialImport
from sanbao.catalog.serial_import import serial_import_run
from sanbao.catalog.serial_rows import (
    COLUMNS,
    SERIAL_FILE,
    FileError,
    Layout,
    RowChecker,
    RowError,
    UnitRow,
    file_rows,
)
from tests.catalog.serial_files import catalog_make, import_make

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Headings of the serial file and of the repair list, some words that are neither, blanks.
HEADINGS = sorted({name for names in COLUMNS.values() for name in names} | {"fault", "配件"})
heading = st.one_of(
    st.sampled_from(HEADINGS),
    st.sampled_from(HEADINGS).map(lambda name: f" {name.upper()} "),
    st.text(max_size=12),
)
text_cell = st.one_of(
    st.sampled_from(["TOP0125010000001", "TOP-PB10", "top-pb10", "B2501", "hz", "sh", "2025-01-15",
                     "2025/1/15", "2099-01-01", "", " ", "-", "0"]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.from_regex(r"[A-Z0-9\- ]{0,40}", fullmatch=True),
)  # fmt: skip
xlsx_cell = st.one_of(
    st.none(),
    text_cell,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3000)),
)
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]


def table(cell):
    return st.tuples(
        st.lists(heading, min_size=0, max_size=8),
        st.lists(st.lists(cell, max_size=9), max_size=12),
    )


def csv_bytes(headings: list, rows: list[list], encoding: str, delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(headings: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    for row in [headings, *rows]:
        try:
            sheet.append(row)
        except (IllegalCharacterError, ValueError, TypeError):
            sheet.append([str(cell).encode("unicode_escape").decode() for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


A_GOOD_XLSX = xlsx_bytes(
    ["serial", "model_sku", "batch", "produced_on", "dealer_code", "shipped_on"],
    [["TOP0125010000001", "TOP-PB10", "B2501", date(2025, 1, 15), "hz", date(2025, 2, 1)]] * 3,
)


def damaged(content: bytes):
    """The file cut short, or with some of its bytes changed."""
    return st.one_of(
        st.integers(min_value=0, max_value=len(content)).map(lambda end: content[:end]),
        st.lists(
            st.tuples(st.integers(0, len(content) - 1), st.integers(0, 255)), min_size=1,
            max_size=20,
        ).map(lambda changes: _changed(content, changes)),
    )  # fmt: skip


def _changed(content: bytes, changes: list[tuple[int, int]]) -> bytes:
    out = bytearray(content)
    for at, value in changes:
        out[at] = value
    return bytes(out)


def read(content: bytes, name: str, layout: Layout = SERIAL_FILE) -> list | None:
    """The rows of a file with these bytes, or None when it was refused with a FileError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            total, rows = file_rows(path, name, layout)
            found = list(rows)
        except FileError as refused:
            assert str(refused)
            return None
    assert total is None or total >= 0
    for number, raw in found:
        assert number >= 2 and set(raw) <= set(layout.columns)
    return found


@pytest.fixture
def checker(brand, other_brand, dealer):
    catalog_make(brand, other_brand)
    return RowChecker(brand, date(2026, 3, 1))


def checked(checker: RowChecker, rows: list) -> None:
    for number, raw in rows:
        result = checker.check(number, raw)
        if isinstance(result, UnitRow):
            assert result.row == number
        else:
            assert result and all(isinstance(error, RowError) for error in result)
            assert all(error.message and error.as_dict() for error in result)


# Reading


@given(content=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".xlsx", ".txt", ""]))
@FUZZ
def test_it_reads_random_bytes_or_refuses_them(content, suffix):
    read(content, "units" + suffix)


@given(content=damaged(A_GOOD_XLSX))
@FUZZ
@example(content=A_GOOD_XLSX[:-200])
def test_it_reads_a_damaged_xlsx_or_refuses_it(content):
    read(content, "units.xlsx")


@pytest.mark.django_db
@given(
    data=table(text_cell),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", ",", ";", "\t"]),
)
@FUZZ
@example(
    data=(["serial", "model_sku", "produced_on"], [["x" * 200_000, "TOP-PB10", "2025-01-15"]]),
    encoding="utf-8",
    delimiter=",",
).via("a cell over the csv module's field limit")
@example(
    data=(["serial", "model_sku", "produced_on", "dealer_code"],
          [["TOP01\x0025010001", "TOP-PB10", "2025-01-15\x00", "h\x00z"]]),
    encoding="utf-8",
    delimiter=",",
).via("NUL characters, which PostgreSQL refuses in text")  # fmt: skip
def test_it_reads_and_checks_a_plausible_csv(checker, data, encoding, delimiter):
    headings, rows = data
    found = read(csv_bytes(headings, rows, encoding, delimiter), "units.csv")
    if found is not None:
        checked(checker, found)


@pytest.mark.django_db
@given(data=table(xlsx_cell))
@FUZZ
def test_it_reads_and_checks_a_plausible_xlsx(checker, data):
    found = read(xlsx_bytes(*data), "units.xlsx")
    if found is not None:
        checked(checker, found)


@pytest.mark.django_db
@given(data=table(xlsx_cell))
@FUZZ
def test_it_reads_a_repair_list_too(data):
    from sanbao.returns.rows import REPAIR_LIST

    read(xlsx_bytes(*data), "list.xlsx", REPAIR_LIST)


# Importing: the import ends, with its report


@pytest.fixture
def importing(settings, tmp_path, brand, other_brand, dealer):
    settings.MEDIA_ROOT = tmp_path / "media"
    catalog_make(brand, other_brand)

    def run(content: bytes, name: str) -> SerialImport:
        path = tmp_path / name
        path.write_bytes(content)
        serial_import = import_make(brand, path)
        return serial_import_run(serial_import_id=serial_import.pk)

    return run


@pytest.mark.django_db
@given(
    data=table(text_cell),
    garbage=st.binary(max_size=512),
    kind=st.sampled_from(["csv", "xlsx", "bytes.csv", "bytes.xlsx"]),
)
@settings(FUZZ, max_examples=25)
@example(
    data=(["serial", "model_sku", "produced_on", "dealer_code"],
          [["TOP01\x0025010001", "TOP-PB10", "2025-01-15", "h\x00z"]]),
    garbage=b"",
    kind="csv",
).via("NUL characters in the cells and so in the error report")  # fmt: skip
@example(
    data=(["serial", "model_sku", "produced_on"], [["x" * 200_000, "TOP-PB10", "2025-01-15"]]),
    garbage=b"",
    kind="csv",
).via("a cell over the csv module's field limit")
def test_it_ends_every_import_succeeded_or_failed(importing, data, garbage, kind):
    if kind == "csv":
        content, name = csv_bytes(*data, "utf-8", ","), "units.csv"
    elif kind == "xlsx":
        content, name = xlsx_bytes(*data), "units.xlsx"
    else:
        content, name = garbage, "units." + kind.split(".")[1]
    serial_import = importing(content, name)
    serial_import.refresh_from_db()
    assert serial_import.status in (SerialImport.Status.SUCCEEDED, SerialImport.Status.FAILED)
    if serial_import.status == SerialImport.Status.FAILED:
        assert serial_import.failure


FULL_WIDTH_DATE = "\uff12\uff10\uff12\uff15-01-15"


@pytest.mark.parametrize(
    "value", [time(10, 30), timedelta(days=2), True, 1.5, float(2**60), FULL_WIDTH_DATE]
)
def test_it_reads_odd_xlsx_cells_as_text_or_dates(value):
    found = read(xlsx_bytes(["serial", "model_sku", "produced_on"], [["A", "B", value]]), "u.xlsx")
    assert found is not None and len(found) == 1
