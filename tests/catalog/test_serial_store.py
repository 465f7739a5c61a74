"""Staged rows: repeats within a file, serials already registered, the move into the registry."""

from datetime import date

import pytest

from sanbao.catalog.models import SerialImport, StagedUnit, Unit, UnitStatus
from sanbao.catalog.serial_rows import RowError, UnitRow
from sanbao.catalog.serial_store import (
    rows_stage,
    staged_clear,
    staged_conflicts,
    staged_register,
)
from tests.catalog.serial_files import catalog_make


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


@pytest.fixture
def serial_import(brand):
    return SerialImport.objects.create(brand=brand, file="x.csv", file_name="x.csv")


def _rows(catalog, dealer, *serials_by_row):
    return [
        UnitRow(
            row=number,
            serial=serial,
            model_id=catalog.bank.pk,
            batch_id=catalog.january.pk,
            produced_on=date(2025, 1, 15),
            dealer_id=dealer.pk if number % 2 else None,
            shipped_on=date(2025, 2, 1) if number % 2 else None,
        )
        for number, serial in serials_by_row
    ]


def test_it_finds_a_serial_repeated_in_the_file_and_names_the_first_row(
    serial_import, catalog, dealer
):
    rows_stage(
        serial_import=serial_import,
        rows=_rows(catalog, dealer, (2, "AAA0001"), (3, "BBB0001"), (5, "AAA0001"),
                   (6, "BBB0001"), (9, "AAA0001"), (10, "CCC0001")),
    )  # fmt: skip
    count, errors = staged_conflicts(serial_import=serial_import)
    assert count == 3
    assert errors == [
        RowError(5, "serial", "Serial AAA0001 is also on row 2."),
        RowError(6, "serial", "Serial BBB0001 is also on row 3."),
        RowError(9, "serial", "Serial AAA0001 is also on row 2."),
    ]


def test_it_finds_serials_already_registered_for_the_brand_only(
    serial_import, catalog, dealer, other_brand
):
    Unit.objects.create(
        brand=serial_import.brand, serial="AAA0002", model=catalog.bank,
        produced_on=date(2025, 1, 1),
    )  # fmt: skip
    Unit.objects.create(
        brand=other_brand, serial="AAA0003", model=catalog.romoss_bank,
        produced_on=date(2025, 1, 1),
    )  # fmt: skip
    rows_stage(
        serial_import=serial_import,
        rows=_rows(catalog, dealer, (2, "AAA0001"), (3, "AAA0002"), (4, "AAA0003")),
    )
    assert staged_conflicts(serial_import=serial_import) == (
        1,
        [RowError(3, "serial", "Serial AAA0002 is already registered.")],
    )


def test_it_ignores_rows_staged_by_another_import(serial_import, catalog, dealer, brand):
    other = SerialImport.objects.create(brand=brand, file="y.csv", file_name="y.csv")
    rows_stage(serial_import=other, rows=_rows(catalog, dealer, (2, "AAA0001")))
    rows_stage(serial_import=serial_import, rows=_rows(catalog, dealer, (2, "AAA0001")))
    assert staged_conflicts(serial_import=serial_import) == (0, [])


def test_it_moves_the_staged_rows_into_the_registry(serial_import, catalog, dealer, brand):
    rows_stage(
        serial_import=serial_import, rows=_rows(catalog, dealer, (2, "AAA0001"), (3, "AAA0002"))
    )
    assert staged_register(serial_import=serial_import) == 2
    in_stock, shipped = Unit.objects.order_by("serial")  # rows 2 and 3
    assert (in_stock.brand, in_stock.serial, in_stock.model, in_stock.batch) == (
        brand, "AAA0001", catalog.bank, catalog.january,
    )  # fmt: skip
    assert (in_stock.dealer, in_stock.shipped_on, in_stock.status) == (
        None, None, UnitStatus.PRODUCED,
    )  # fmt: skip
    assert (shipped.dealer, shipped.shipped_on, shipped.status) == (
        dealer, date(2025, 2, 1), UnitStatus.SHIPPED,
    )  # fmt: skip
    assert {unit.serial_import_id for unit in (in_stock, shipped)} == {serial_import.pk}


def test_it_clears_only_the_rows_of_one_import(serial_import, catalog, dealer, brand):
    other = SerialImport.objects.create(brand=brand, file="y.csv", file_name="y.csv")
    rows_stage(serial_import=other, rows=_rows(catalog, dealer, (2, "AAA0001")))
    rows_stage(
        serial_import=serial_import, rows=_rows(catalog, dealer, (2, "AAA0001"), (3, "B0000001"))
    )
    staged_clear(serial_import_id=serial_import.pk)
    assert list(StagedUnit.objects.values_list("serial_import_id", flat=True)) == [other.pk]
