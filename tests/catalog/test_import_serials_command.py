"""`sanbao import-serials FILE --brand CODE`: all rows or none, errors on standard error."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sanbao.catalog import serial_import as serial_import_module
from sanbao.catalog.models import SerialImport, Unit
from tests.catalog.serial_files import catalog_make, csv_write, good_row, serials, xlsx_write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


def _import(path, brand="top"):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_serials", str(path), brand=brand, stdout=out, stderr=err)
    except CommandError as error:
        return error, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


def test_it_imports_a_csv_and_says_how_many_units(tmp_path, catalog):
    error, out, _err = _import(csv_write(tmp_path / "units.csv", [good_row(s) for s in serials(3)]))
    serial_import = SerialImport.objects.get()
    assert error is None
    assert out.startswith("Imported 3 units in ") and out.rstrip().endswith(
        f"(import #{serial_import.pk})."
    )
    assert serial_import.created_by is None and serial_import.file_name == "units.csv"
    assert sorted(Unit.objects.values_list("serial", flat=True)) == serials(3)


def test_it_imports_an_xlsx_with_date_cells(tmp_path, catalog, dealer):
    path = xlsx_write(
        tmp_path / "units.xlsx",
        [["TOP0000000001", "TOP-PB10", "B2501", date(2025, 1, 5), "hz", date(2025, 1, 6)]],
    )
    error, out, _err = _import(path)
    assert error is None and out.startswith("Imported 1 units")
    unit = Unit.objects.get()
    assert (unit.produced_on, unit.shipped_on, unit.dealer) == (
        date(2025, 1, 5), date(2025, 1, 6), dealer,
    )  # fmt: skip


def test_it_imports_nothing_and_lists_the_bad_rows(tmp_path, catalog):
    rows = [good_row(serial) for serial in serials(5)]
    rows[1] = good_row(serials(2)[-1], model_sku="NOPE")
    rows[3] = good_row(serials(4)[-1], dealer_code="nobody")
    error, out, err = _import(csv_write(tmp_path / "units.csv", rows))
    assert str(error) == "Some rows are not valid. Nothing was imported."
    assert err.splitlines() == [
        "row 3, model_sku: TOP has no model NOPE.",
        "row 5, dealer_code: There is no dealer nobody.",
    ]
    assert out == "" and Unit.objects.count() == 0
    assert SerialImport.objects.get().status == SerialImport.Status.FAILED


def test_it_says_how_many_errors_it_did_not_list(tmp_path, catalog, monkeypatch):
    monkeypatch.setattr(serial_import_module, "ERRORS_KEPT", 2)
    rows = [good_row(serial, batch="B0000") for serial in serials(1_002)]
    error, _out, err = _import(csv_write(tmp_path / "units.csv", rows))
    assert error is not None
    assert err.splitlines() == [
        "row 2, batch: This model has no batch B0000.",
        "row 3, batch: This model has no batch B0000.",
        "… and 1,000 more errors.",
    ]


def test_it_refuses_the_same_file_twice(tmp_path, catalog):
    path = csv_write(tmp_path / "units.csv", [good_row(serial) for serial in serials(2)])
    assert _import(path)[0] is None
    error, _out, err = _import(path)
    assert str(error) == "Some rows are not valid. Nothing was imported."
    assert err.splitlines() == [
        f"row 2, serial: Serial {serials(2)[0]} is already registered.",
        f"row 3, serial: Serial {serials(2)[1]} is already registered.",
    ]
    assert Unit.objects.count() == 2


def test_it_reports_a_file_it_cannot_read(tmp_path, catalog):
    path = tmp_path / "units.csv"
    path.write_text("serial;model_sku;produced_on\n", encoding="utf-8")
    error, _out, _err = _import(path)
    assert str(error) == (
        "The first row must name the columns; missing: serial, model_sku, produced_on. "
        "Nothing was imported."
    )


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("missing.csv", "top", "There is no file "),
        ("units.txt", "top", "Give a .csv or .xlsx file."),
        ("units.csv", "nope", "There is no brand 'nope'."),
    ],
)
def test_it_refuses_bad_arguments_before_importing(tmp_path, catalog, name, code, message):
    csv_write(tmp_path / "units.csv", [good_row("A0000001")])
    (tmp_path / "units.txt").write_text("serial,model_sku,produced_on\n", encoding="utf-8")
    error, _out, _err = _import(tmp_path / name, brand=code)
    assert str(error).startswith(message)
    assert not SerialImport.objects.exists()


def test_it_needs_the_brand(tmp_path, catalog):
    path = csv_write(tmp_path / "units.csv", [good_row("A0000001")])
    with pytest.raises(CommandError, match="--brand"):
        call_command("import_serials", str(path))
