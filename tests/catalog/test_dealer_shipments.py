"""What a serial import leaves for the dashboards: units shipped per brand, dealer and month
(DealerShipment, the return rate's denominator) and per production batch (units_shipped,
the failure rate's), added to by each import, through real imports of CSV files."""

from datetime import date

import pytest

from sanbao.accounts.models import Dealer
from sanbao.catalog.models import DealerShipment, ProductionBatch, SerialImport
from sanbao.catalog.serial_import import serial_import_run
from sanbao.catalog.serial_store import production_batches_count
from tests.catalog.serial_files import catalog_make, csv_write, good_row, import_make, serials
from tests.conftest import _credit_code

pytestmark = pytest.mark.django_db
Status = SerialImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


@pytest.fixture
def nanjing(brand):
    dealer = Dealer.objects.create(
        code="nj", name="南京电子商行", credit_code=_credit_code("91320102MA1XK2L3P"),
        contact_person="陈刚", phone="+8613857412345",
    )  # fmt: skip
    dealer.brands.set([brand])
    return dealer


def _import(brand, tmp_path, name, rows):
    serial_import = import_make(brand, csv_write(tmp_path / name, rows))
    done = serial_import_run(serial_import_id=serial_import.pk)
    assert done.status == Status.SUCCEEDED, done.errors
    return done


def shipments() -> set[tuple[str, str, date, int]]:
    return {
        (s.brand.code, s.dealer.code, s.month, s.units)
        for s in DealerShipment.objects.select_related("brand", "dealer")
    }


def shipped(catalog) -> dict[str, int]:
    return dict(
        ProductionBatch.objects.filter(
            pk__in=[catalog.january.pk, catalog.february.pk, catalog.romoss_batch.pk]
        ).values_list("code", "units_shipped")
    )


@pytest.fixture
def first_import(tmp_path, brand, catalog, nanjing):
    serial = iter(serials(20))
    rows = [
        *(good_row(next(serial), shipped_on="2025-02-01") for _i in range(3)),
        *(good_row(next(serial), batch="B2502", produced_on="2025-02-10", shipped_on="2025-02-20")
          for _i in range(2)),
        good_row(next(serial), shipped_on="2025-01-31"),  # the last day of January
        good_row(next(serial), shipped_on="2025-03-05"),
        good_row(next(serial), dealer_code="", shipped_on=""),  # in stock: no dealer, no month
        good_row(next(serial), dealer_code="nj", batch="", shipped_on="2025-02-15"),
    ]  # fmt: skip
    return _import(brand, tmp_path, "first.csv", rows)


def test_an_import_counts_units_per_dealer_and_month(first_import):
    assert first_import.units_imported == 9
    assert shipments() == {
        ("top", "hz", date(2025, 1, 1), 1),
        ("top", "hz", date(2025, 2, 1), 5),
        ("top", "hz", date(2025, 3, 1), 1),
        ("top", "nj", date(2025, 2, 1), 1),
    }


def test_an_import_counts_the_shipped_units_of_its_batches(first_import, catalog):
    # B2501: 3 + 1 + 1 shipped, 1 in stock; B2502: 2; the unit without a batch counts nowhere.
    assert shipped(catalog) == {"B2501": 5, "B2502": 2, "R2501": 0}


def test_a_second_import_adds_to_the_month_s_count(first_import, tmp_path, brand, catalog):
    rows = [
        *(good_row(serial, shipped_on="2025-02-28") for serial in serials(2, start=101)),
        good_row(serials(1, start=103)[0], shipped_on="2025-04-01"),
    ]
    _import(brand, tmp_path, "second.csv", rows)
    assert shipments() == {
        ("top", "hz", date(2025, 1, 1), 1),
        ("top", "hz", date(2025, 2, 1), 7),
        ("top", "hz", date(2025, 3, 1), 1),
        ("top", "hz", date(2025, 4, 1), 1),
        ("top", "nj", date(2025, 2, 1), 1),
    }
    assert shipped(catalog) == {"B2501": 8, "B2502": 2, "R2501": 0}


def test_another_brand_s_import_counts_apart(first_import, tmp_path, other_brand, catalog):
    rows = [good_row(serial, model_sku="RMS-PB20", batch="R2501", dealer_code="sh",
                     shipped_on="2025-02-03") for serial in serials(2, start=201)]  # fmt: skip
    _import(other_brand, tmp_path, "romoss.csv", rows)
    assert ("romoss", "sh", date(2025, 2, 1), 2) in shipments()
    assert ("top", "hz", date(2025, 2, 1), 5) in shipments()
    assert shipped(catalog) == {"B2501": 5, "B2502": 2, "R2501": 2}


def test_a_failed_import_counts_nothing(first_import, tmp_path, brand, catalog):
    before = shipments()
    rows = [good_row(serial) for serial in serials(3, start=301)]
    rows.append(good_row(serials(1, start=304)[0], model_sku="TOP-NOPE"))
    serial_import = import_make(brand, csv_write(tmp_path / "bad.csv", rows))
    assert serial_import_run(serial_import_id=serial_import.pk).status == Status.FAILED
    assert shipments() == before
    assert shipped(catalog) == {"B2501": 5, "B2502": 2, "R2501": 0}


def test_an_import_recounts_only_the_batches_it_touched(first_import, tmp_path, brand, catalog):
    ProductionBatch.objects.filter(pk=catalog.february.pk).update(units_shipped=99)
    _import(brand, tmp_path, "january.csv", [good_row(serials(1, start=401)[0])])
    assert shipped(catalog) == {"B2501": 6, "B2502": 99, "R2501": 0}
    # Without an import, every batch is recounted from the registry.
    assert production_batches_count() == 3
    assert shipped(catalog) == {"B2501": 6, "B2502": 2, "R2501": 0}
