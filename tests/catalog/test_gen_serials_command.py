"""`sanbao gen-serials --count N`: realistic serial files that the import accepts."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sanbao.catalog.models import ProductionBatch, Unit, UnitStatus
from sanbao.catalog.serial_generator import HEADINGS, serial_rows_generate
from tests.catalog.serial_files import catalog_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


def _generate(**options):
    err = StringIO()
    call_command("gen_serials", stderr=err, **options)
    return err.getvalue()


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_it_writes_rows_that_fit_the_brands_catalog(tmp_path, catalog, brand):
    path = tmp_path / "units.csv"
    assert _generate(count=300, output=str(path)).strip() == f"Wrote 300 units to {path}."
    heading, *rows = _read(path)
    assert heading == HEADINGS and len(rows) == 300
    assert len({row[0] for row in rows}) == 300
    batches = {(batch.model.sku, batch.code): batch for batch in ProductionBatch.objects.all()}
    today = timezone.localdate()
    for serial, sku, batch, produced_on, dealer_code, shipped_on in rows:
        assert serial.startswith("TOP") and len(serial) == 17 and serial.isalnum()
        produced = date.fromisoformat(produced_on)
        assert sku in ("TOP-PB10", "TOP-C1") and produced <= today
        if batch:
            assert batches[sku, batch].produced_from <= produced <= batches[sku, batch].produced_to
        else:
            assert sku == "TOP-C1"
        assert dealer_code in ("", "hz") and bool(dealer_code) == bool(shipped_on)
        assert not shipped_on or produced <= date.fromisoformat(shipped_on) <= today


def test_it_writes_a_file_the_import_accepts(tmp_path, catalog):
    path = tmp_path / "units.csv"
    _generate(count=50, output=str(path), seed=7)
    call_command("import_serials", str(path), brand="top", stdout=StringIO())
    assert Unit.objects.count() == 50
    statuses = set(Unit.objects.values_list("status", flat=True))
    assert statuses == {UnitStatus.SHIPPED, UnitStatus.PRODUCED}  # 85 % shipped, seed 7


def test_it_writes_an_xlsx_the_import_accepts(tmp_path, catalog):
    from openpyxl import load_workbook

    path = tmp_path / "units.XLSX"
    _generate(count=20, output=str(path), brand="romoss")
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS and len(rows) == 21
    assert {row[1] for row in rows[1:]} == {"RMS-PB20"} and rows[1][0].startswith("RMS")
    call_command("import_serials", str(path), brand="romoss", stdout=StringIO())
    assert Unit.objects.filter(brand__code="romoss").count() == 20


def test_it_continues_after_the_units_already_registered(tmp_path, catalog):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    _generate(count=10, output=str(first))
    call_command("import_serials", str(first), brand="top", stdout=StringIO())
    _generate(count=10, output=str(second))
    assert _read(second)[1][0].endswith("00000011")
    call_command("import_serials", str(second), brand="top", stdout=StringIO())
    assert Unit.objects.count() == 20


def test_it_starts_at_the_sequence_given(tmp_path, catalog):
    path = tmp_path / "units.csv"
    _generate(count=3, output=str(path), first_sequence=42)
    assert [row[0][-8:] for row in _read(path)[1:]] == ["00000042", "00000043", "00000044"]


def test_it_repeats_itself_for_the_same_seed(capsys, catalog):
    call_command("gen_serials", count=30, seed=1)
    first = capsys.readouterr().out
    call_command("gen_serials", count=30, seed=1)
    assert capsys.readouterr().out == first
    call_command("gen_serials", count=30, seed=2)
    other = capsys.readouterr().out
    assert other != first
    assert first.splitlines()[0] == ",".join(HEADINGS) and len(first.splitlines()) == 31


def test_it_keeps_production_runs_together(brand, catalog):
    rows = list(serial_rows_generate(brand=brand, count=25, today=date(2026, 3, 2), run_length=10))
    runs = [rows[start:start + 10] for start in range(0, 25, 10)]  # fmt: skip
    assert [len(run) for run in runs] == [10, 10, 5]
    for run in runs:
        assert len({(row[1], row[2]) for row in run}) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"count": 0}, "--count must be at least 1."),
        ({"count": 5, "brand": "nope"}, "There is no brand 'nope'."),
    ],
)
def test_it_refuses_bad_options(tmp_path, catalog, options, message):
    path = tmp_path / "units.csv"
    with pytest.raises(CommandError, match=message):
        _generate(output=str(path), **options)
    assert not path.exists()


def test_it_refuses_a_brand_without_product_models(tmp_path, other_brand):
    path = tmp_path / "units.csv"
    with pytest.raises(CommandError, match="model"):
        _generate(count=5, brand="romoss", output=str(path))
