"""Reading serial files (CSV, XLSX, heading aliases) and checking each row on its own."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from sanbao.accounts.models import Dealer
from sanbao.catalog.models import UnitStatus
from sanbao.catalog.serial_rows import FileError, RowChecker, RowError, UnitRow, file_rows
from tests.catalog.serial_files import HEADINGS, catalog_make, csv_write, good_row, xlsx_write

TODAY = date(2026, 3, 2)


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


@pytest.fixture
def checker(catalog, brand):
    return RowChecker(brand, TODAY)


def _raw(serial="TOP0125010000001", **changes):
    return dict(zip(HEADINGS, good_row(serial, **changes), strict=True))


def _read(path, name=None):
    total, rows = file_rows(path, name or path.name)
    return total, list(rows)


# Files


def test_it_numbers_csv_rows_like_a_spreadsheet_skipping_blank_lines(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "serial,model_sku,produced_on\nA0000001,TOP-PB10,2025-01-15\n,,\n"
        "A0000002,TOP-PB10,2025-01-16\n\nA0000003,TOP-PB10,2025-01-17\n",
        encoding="utf-8",
    )
    total, rows = _read(path)
    assert [number for number, _raw in rows] == [2, 4, 6]
    assert rows[1][1] == {
        "serial": "A0000002",
        "model_sku": "TOP-PB10",
        "produced_on": "2025-01-16",
    }
    assert total == 5  # data lines, blank ones included; the import corrects it as it reads


def test_it_accepts_english_heading_aliases_in_any_case_and_order(tmp_path):
    path = tmp_path / "units.CSV"
    path.write_text(
        "Ship Date,Dealer,Production Date,Batch Code,SKU,Serial Number,Remarks\n"
        "2025-02-01,hz,2025-01-15,B2501,TOP-PB10,A0000001,ignored\n",
        encoding="utf-8",
    )
    _total, rows = _read(path)
    assert rows == [
        (2, {"shipped_on": "2025-02-01", "dealer_code": "hz", "produced_on": "2025-01-15",
             "batch": "B2501", "model_sku": "TOP-PB10", "serial": "A0000001"}),
    ]  # fmt: skip


def test_it_reads_a_csv_with_a_bom_and_chinese_headings(tmp_path):
    path = csv_write(
        tmp_path / "序列号.csv",
        [["A0000001", "TOP-PB10", "B2501", "2025-01-15", "hz", "2025-02-01"]],
        headings=["SN码", "型号", "批次号", "生产日期", "经销商编码", "发货日期"],
        bom=True,
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    _total, rows = _read(path)
    assert rows == [
        (2, {"serial": "A0000001", "model_sku": "TOP-PB10", "batch": "B2501",
             "produced_on": "2025-01-15", "dealer_code": "hz", "shipped_on": "2025-02-01"}),
    ]  # fmt: skip


def test_it_gives_none_for_cells_missing_at_the_end_of_a_short_row(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(",".join(HEADINGS) + "\nA0000001,TOP-PB10\n", encoding="utf-8")
    _total, rows = _read(path)
    assert rows[0][1] == {
        "serial": "A0000001", "model_sku": "TOP-PB10", "batch": None, "produced_on": None,
        "dealer_code": None, "shipped_on": None,
    }  # fmt: skip


def test_it_names_the_missing_required_headings(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("serial,batch,dealer_code\nA0000001,B2501,hz\n", encoding="utf-8")
    with pytest.raises(FileError, match=r"missing: model_sku, produced_on\."):
        file_rows(path, "units.csv")


@pytest.mark.parametrize("name", ["units.txt", "units.xls", "units", "units.csv.zip"])
def test_it_refuses_files_that_are_not_csv_or_xlsx(tmp_path, name):
    path = tmp_path / "file"
    path.write_text("serial,model_sku,produced_on\n", encoding="utf-8")
    with pytest.raises(FileError, match=r"Upload a \.csv or \.xlsx file\."):
        file_rows(path, name)


def test_it_refuses_a_csv_heading_not_in_utf8(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("序列号,型号,生产日期\n".encode("gbk"))
    with pytest.raises(FileError, match="UTF-8"):
        file_rows(path, "units.csv")


def test_it_refuses_a_csv_whose_later_rows_are_not_in_utf8(tmp_path):
    good = "".join(f"A{number:07d},TOP-PB10,2025-01-15\n" for number in range(1, 1001))
    path = tmp_path / "units.csv"
    path.write_bytes(
        f"serial,model_sku,produced_on\n{good}".encode()
        + "A9999999,型号,2025-01-15\n".encode("gbk")
    )
    _total, rows = file_rows(path, "units.csv")  # the heading reads fine
    with pytest.raises(FileError, match="UTF-8"):
        list(rows)


def test_it_refuses_an_unreadable_xlsx(tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_text("serial,model_sku,produced_on\n", encoding="utf-8")
    with pytest.raises(FileError, match=r"not a readable \.xlsx file"):
        file_rows(path, "units.xlsx")


def test_it_reads_xlsx_with_date_cells_and_numbers_rows_like_the_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序列号", "型号", "生产日期", "经销商", "发货日期"])
    sheet.append(["A0000001", "TOP-PB10", date(2025, 1, 15), "hz", datetime(2025, 2, 1, 9, 30)])
    sheet.append([None, None, None, None, None])
    sheet.append([123456789, "TOP-PB10", "2025-01-16"])
    path = tmp_path / "units.xlsx"
    book.save(path)
    total, rows = _read(path)
    assert total == 3
    assert [number for number, _raw in rows] == [2, 4]
    assert rows[0][1]["produced_on"] == date(2025, 1, 15)
    assert rows[0][1]["shipped_on"] == datetime(2025, 2, 1, 9, 30)
    assert rows[1][1]["serial"] == 123456789 and rows[1][1]["shipped_on"] is None


def test_it_names_the_missing_headings_of_an_xlsx(tmp_path):
    path = xlsx_write(tmp_path / "units.xlsx", [["A0000001"]], headings=["serial"])
    with pytest.raises(FileError, match="missing: model_sku, produced_on"):
        file_rows(path, "units.xlsx")


# Rows


def test_it_resolves_a_good_row_to_the_registry_ids(checker, catalog, dealer):
    row = checker.check(7, _raw("top-0125 0100-0001", model_sku="top-pb10", batch="b2501",
                                dealer_code="HZ"))  # fmt: skip
    assert row == UnitRow(
        row=7, serial="TOP012501000001", model_id=catalog.bank.pk, batch_id=catalog.january.pk,
        produced_on=date(2025, 1, 15), dealer_id=dealer.pk, shipped_on=date(2025, 2, 1),
    )  # fmt: skip
    assert row.status == UnitStatus.SHIPPED


def test_it_keeps_a_unit_without_dealer_or_batch_in_factory_stock(checker, catalog):
    raw = _raw(
        model_sku="TOP-C1", batch="", dealer_code="", shipped_on="", produced_on="2025-03-01"
    )
    row = checker.check(2, raw)
    assert isinstance(row, UnitRow)
    assert (row.model_id, row.batch_id, row.dealer_id, row.shipped_on) == (
        catalog.cable.pk, None, None, None,
    )  # fmt: skip
    assert row.produced_on == date(2025, 3, 1) and row.status == UnitStatus.PRODUCED


def test_it_reads_dates_written_with_slashes_when_months_have_two_digits(checker):
    row = checker.check(2, _raw(produced_on="2025/01/15", shipped_on="2025/02/01"))
    assert isinstance(row, UnitRow) and row.shipped_on == date(2025, 2, 1)
    assert checker.check(2, _raw(produced_on="2025/1/15")) == [
        RowError(2, "produced_on", "“2025/1/15” is not a date: write it as 2025-03-31.")
    ]


def test_it_takes_xlsx_cell_types(checker):
    row = checker.check(
        3, {"serial": 12345678.0, "model_sku": "TOP-PB10", "batch": "B2501",
            "produced_on": datetime(2025, 1, 31, 23, 59), "dealer_code": "hz",
            "shipped_on": date(2025, 1, 31)},
    )  # fmt: skip
    assert isinstance(row, UnitRow)
    assert (row.serial, row.produced_on, row.shipped_on) == (
        "12345678", date(2025, 1, 31), date(2025, 1, 31),
    )  # fmt: skip


@pytest.mark.parametrize("produced_on", ["2025-01-01", "2025-01-31"])
def test_it_includes_both_ends_of_the_batch_dates(checker, produced_on):
    assert isinstance(checker.check(2, _raw(produced_on=produced_on)), UnitRow)


def test_it_accepts_today_but_not_tomorrow(brand, catalog):
    today = timezone.localdate()
    checker = RowChecker(brand, today)
    raw = _raw(batch="", produced_on=today.isoformat(), shipped_on=today.isoformat())
    assert isinstance(checker.check(2, raw), UnitRow)
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert checker.check(
        2, _raw(batch="", produced_on=tomorrow, dealer_code="", shipped_on="")
    ) == [RowError(2, "produced_on", "The date is in the future.")]


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"serial": " "}, "serial", "The serial number is missing."),
        ({"serial": "AB12"}, "serial",
         "“AB12” is not a serial number: use 6 to 32 letters and digits."),
        ({"serial": "TOP_0000001"}, "serial", "“TOP_0000001” is not a serial number"),
        ({"serial": "A" * 33}, "serial", "is not a serial number"),
        ({"model_sku": ""}, "model_sku", "The model SKU is missing."),
        ({"model_sku": "nope"}, "model_sku", "TOP has no model NOPE."),
        ({"model_sku": "RMS-PB20", "batch": ""}, "model_sku", "TOP has no model RMS-PB20."),
        ({"batch": "B9999"}, "batch", "This model has no batch B9999."),
        ({"batch": "R2501"}, "batch", "This model has no batch R2501."),
        ({"produced_on": ""}, "produced_on", "The date is missing."),
        ({"produced_on": "15.01.2025"}, "produced_on",
         "“15.01.2025” is not a date: write it as 2025-03-31."),
        ({"produced_on": "2025-02-15", "shipped_on": "2025-02-20"}, "produced_on",
         "Batch B2501 was produced from 2025-01-01 to 2025-01-31."),
        ({"produced_on": "2026-03-03", "batch": "", "dealer_code": "", "shipped_on": ""},
         "produced_on", "The date is in the future."),
        ({"dealer_code": "sh"}, "dealer_code", "Dealer sh does not sell TOP."),
        ({"dealer_code": "nobody"}, "dealer_code", "There is no dealer nobody."),
        ({"shipped_on": ""}, "shipped_on", "Give the date the unit was shipped to the dealer."),
        ({"dealer_code": ""}, "dealer_code", "Give the dealer the unit was shipped to."),
        ({"shipped_on": "2025-01-14"}, "shipped_on",
         "A unit cannot be shipped before it was produced."),
        ({"shipped_on": "2026-03-03"}, "shipped_on", "The date is in the future."),
        ({"shipped_on": "soon"}, "shipped_on", "“soon” is not a date"),
    ],
)  # fmt: skip
def test_it_reports_one_problem_with_its_row_and_column(checker, changes, column, message):
    errors = checker.check(12, _raw(**changes))
    assert isinstance(errors, list) and len(errors) == 1, errors
    assert (errors[0].row, errors[0].column) == (12, column)
    assert message in errors[0].message


def test_it_reports_every_problem_of_a_row(checker):
    errors = checker.check(
        5, {"serial": "x", "model_sku": "NOPE", "produced_on": "yesterday", "dealer_code": "",
            "shipped_on": "2025-01-01"},
    )  # fmt: skip
    assert [(error.row, error.column) for error in errors] == [
        (5, "serial"), (5, "model_sku"), (5, "produced_on"), (5, "dealer_code"),
    ]  # fmt: skip
    assert errors[0].as_dict() == {
        "row": 5, "column": "serial",
        "message": "“x” is not a serial number: use 6 to 32 letters and digits.",
    }  # fmt: skip


def test_it_checks_against_the_brand_of_the_file(other_brand, catalog):
    checker = RowChecker(other_brand, TODAY)
    raw = _raw(model_sku="RMS-PB20", batch="R2501", dealer_code="sh")
    row = checker.check(2, raw)
    assert isinstance(row, UnitRow) and row.dealer_id == catalog.romoss_dealer.pk
    assert checker.check(2, _raw(model_sku="RMS-PB20", batch="R2501"))[0].message == (
        "Dealer hz does not sell ROMOSS."
    )


def test_it_says_a_dealer_with_a_capitalised_code_does_not_sell_the_brand(checker, other_brand):
    shanghai = Dealer.objects.create(
        code="SH02", name="上海二店", credit_code="91310000MA1FL0001X", contact_person="韩梅梅",
        phone="+8613800000001",
    )  # fmt: skip
    shanghai.brands.set([other_brand])
    errors = checker.check(2, _raw(dealer_code="SH02"))
    assert "does not sell TOP" in errors[0].message
