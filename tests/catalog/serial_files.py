"""Shared setup for the serial import tests: a small catalog and serial files on disk."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files import File

from sanbao.accounts.models import Brand, Dealer, User
from sanbao.catalog.models import ProductionBatch, ProductModel, SerialImport

HEADINGS = ["serial", "model_sku", "batch", "produced_on", "dealer_code", "shipped_on"]


@dataclass
class Catalog:
    bank: ProductModel  # TOP-PB10, batches B2501 (January 2025) and B2502 (February 2025)
    cable: ProductModel  # TOP-C1, no batches
    romoss_bank: ProductModel  # RMS-PB20 of the other brand, batch R2501
    january: ProductionBatch
    february: ProductionBatch
    romoss_batch: ProductionBatch
    romoss_dealer: Dealer  # "sh": sells ROMOSS only


def catalog_make(brand: Brand, other_brand: Brand) -> Catalog:
    bank = ProductModel.objects.create(
        brand=brand, sku="TOP-PB10", name_en="10000 mAh bank", name_zh="一万毫安移动电源",
        category="power_bank", capacity_mah=10000,
    )  # fmt: skip
    cable = ProductModel.objects.create(
        brand=brand, sku="TOP-C1", name_en="Cable", name_zh="数据线", category="cable"
    )
    romoss_bank = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="20000 mAh bank", name_zh="两万毫安",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    romoss_dealer = Dealer.objects.create(
        code="sh", name="上海数码", credit_code="91310000MA1FL0000X", contact_person="李雷",
        phone="+8613800000000",
    )  # fmt: skip
    romoss_dealer.brands.set([other_brand])
    return Catalog(
        bank=bank,
        cable=cable,
        romoss_bank=romoss_bank,
        january=ProductionBatch.objects.create(
            model=bank, code="B2501", produced_from=date(2025, 1, 1), produced_to=date(2025, 1, 31)
        ),
        february=ProductionBatch.objects.create(
            model=bank, code="B2502", produced_from=date(2025, 2, 1), produced_to=date(2025, 2, 28)
        ),
        romoss_batch=ProductionBatch.objects.create(
            model=romoss_bank,
            code="R2501",
            produced_from=date(2025, 1, 1),
            produced_to=date(2025, 1, 31),
        ),
        romoss_dealer=romoss_dealer,
    )


def good_row(serial: str, **changes: str) -> list[str]:
    """A row that imports for brand TOP: shipped to dealer hz, in batch B2501."""
    values = {
        "serial": serial, "model_sku": "TOP-PB10", "batch": "B2501", "produced_on": "2025-01-15",
        "dealer_code": "hz", "shipped_on": "2025-02-01",
    }  # fmt: skip
    values.update(changes)
    return [values[name] for name in HEADINGS]


def serials(count: int, start: int = 1) -> list[str]:
    return [f"TOP01250100{number:06d}" for number in range(start, start + count)]


def csv_write(
    path: Path, rows: list[list[str]], headings: list[str] | None = None, *, bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS if headings is None else headings)
        writer.writerows(rows)
    return path


def xlsx_write(path: Path, rows: list[list[object]], headings: list[str] | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS if headings is None else headings)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def import_make(brand: Brand, path: Path, by: User | None = None) -> SerialImport:
    """A queued import of the file, as `serial_import_start` or the command leaves it."""
    with path.open("rb") as handle:
        return SerialImport.objects.create(
            brand=brand, file=File(handle, name=path.name), file_name=path.name, created_by=by
        )
