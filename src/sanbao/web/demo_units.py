"""Demo units for both brands, a ROMOSS recall of two batches, owners and a duplicate claim.

Loaded through the same serial import as a real file, so the demo shows imported data.
"""

import csv
import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from sanbao.accounts.models import Brand, User
from sanbao.catalog.claims import unit_claim_record
from sanbao.catalog.models import ProductionBatch, Recall, RecallRemedy, SerialImport, Unit
from sanbao.catalog.recall_scopes import active_recalls_changed
from sanbao.catalog.recalls import recall_count
from sanbao.catalog.serial_generator import HEADINGS, serial_rows_generate
from sanbao.catalog.serial_import import serial_import_run
from sanbao.customers.models import Customer
from sanbao.privacy.crypto import phone_digest

UNITS_PER_BRAND = 3_000
OWNERS = [("张伟", "13800138001"), ("李娜", "13900139002"), ("王芳", "13700137003")]


def demo_units_load(*, brands: dict[str, Brand], by: User) -> None:
    for brand in brands.values():
        if not Unit.objects.filter(brand=brand).exists():
            _import(brand, by)
    _recall(brands["romoss"], by)
    _owners_and_claims(brands["romoss"])


def _import(brand: Brand, by: User) -> None:
    rows = serial_rows_generate(
        brand=brand, count=UNITS_PER_BRAND, today=timezone.localdate(), run_length=100
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"demo-{brand.code}-serials.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADINGS)
            writer.writerows(rows)
        with path.open("rb") as handle:
            serial_import = SerialImport.objects.create(
                brand=brand, file=File(handle, name=path.name), file_name=path.name,
                created_by=by,
            )  # fmt: skip
    serial_import_run(serial_import_id=serial_import.pk)


def _recall(brand: Brand, by: User) -> None:
    batches = list(
        ProductionBatch.objects.filter(model__brand=brand, model__sku="RMS-PB20K").order_by(
            "produced_from"
        )
    )
    recall, _ = Recall.objects.update_or_create(
        brand=brand,
        code="RMS-2026-R01",
        defaults={
            "title_en": "Recall of ROMOSS 20000 mAh power banks (two 2025 batches)",
            "title_zh": "罗马仕 20000毫安移动电源召回（2025年两个批次）",  # noqa: RUF001
            "cause": "部分电芯充电时可能过热鼓包。Cells from one supplier may overheat and swell "
            "while charging.",
            "regulator_reference": "SAMR-2026-0142",
            "remedy": RecallRemedy.CHOICE,
            "starts_on": timezone.localdate().replace(day=1),
            "status": Recall.Status.ACTIVE,
            "created_by": by,
        },
    )
    recall.product_models.set({batch.model for batch in batches})
    recall.batches.set(batches)
    recall_count(recall=recall)
    active_recalls_changed(brand_id=brand.pk)


def _owners_and_claims(brand: Brand) -> None:
    recall = Recall.objects.get(brand=brand, code="RMS-2026-R01")
    units = list(
        Unit.objects.filter(brand=brand, batch__in=recall.batches.all()).order_by("serial")[:3]
    )
    customers = []
    for (name, phone), unit in zip(OWNERS, units, strict=False):
        customer, _ = Customer.objects.get_or_create(
            phone_hash=phone_digest(f"+86{phone}"),
            defaults={
                "name": name, "phone": f"+86{phone}",
                "notifications_consented_at": timezone.now(),
            },
        )  # fmt: skip
        Unit.objects.filter(pk=unit.pk, owner__isnull=True).update(owner=customer)
        customers.append(customer)
    if len(customers) >= 2 and not units[0].claims.exists():
        unit_claim_record(unit=units[0], customer=customers[0], reference="RMS2026110001")
        unit_claim_record(unit=units[0], customer=customers[1], reference="RMS2026110002")
