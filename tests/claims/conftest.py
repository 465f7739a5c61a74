"""Damage-declaration fixtures: a ROMOSS dealer and its user, the two commissioners, ROMOSS
models, files to attach, a clock, and a way to say "this refusal changed nothing"."""

import io
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sanbao.accounts.models import Dealer
from sanbao.catalog.models import ProductModel
from sanbao.claims.declaring import (
    Declaration,
    claim_create,
    claim_evidence_add,
    claim_submit,
)
from sanbao.claims.models import (
    ClaimEvent,
    ClaimEvidence,
    ClaimLine,
    ClaimSequence,
    DamageClaim,
)
from sanbao.config.errors import DomainError
from sanbao.notify.models import ContactLogEntry, OutboxMessage
from sanbao.returns.building import BatchHeader, batch_create
from sanbao.returns.models import DeliveryShipment
from tests.conftest import _credit_code

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Every test stores its uploads in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rms_dealer(dealer, other_brand) -> Dealer:
    """The shared dealer (TOP), also a ROMOSS dealer: ROMOSS's policy has damage rules."""
    dealer.brands.add(other_brand)
    return dealer


@pytest.fixture
def dealer_user(make_user, rms_dealer):
    return make_user("dealer")


@pytest.fixture
def other_dealer(other_brand) -> Dealer:
    """A second ROMOSS dealer, in Ningbo."""
    dealer = Dealer.objects.create(
        code="nb", name="宁波电子商行", credit_code=_credit_code("91330205MA2H5K3L8"),
        contact_person="陈刚", phone="+8613857412345",
    )  # fmt: skip
    dealer.brands.set([other_brand])
    return dealer


@pytest.fixture
def other_dealer_user(make_user, other_dealer):
    return make_user("dealer", username="dealer-nb", dealer=other_dealer)


@pytest.fixture
def commercial(make_user, hq):
    """The marketing department's commercial commissioner, for both brands."""
    return make_user("commercial_commissioner", outlet=hq)


@pytest.fixture
def after_sales(make_user, hq):
    """The after-sales department's customer-service commissioner, for both brands."""
    return make_user("service_commissioner", outlet=hq)


@pytest.fixture
def top_commissioner(make_user):
    """A commercial commissioner of the Guangzhou outlet, which serves TOP only."""
    return make_user("commercial_commissioner", username="commercial-top")


@pytest.fixture
def rms_models(other_brand):
    def model(sku, category, mah=None):
        return ProductModel.objects.create(
            brand=other_brand, sku=sku, name_en=sku, name_zh=sku, category=category,
            capacity_mah=mah, energy_wh="37.00" if mah else None,
        )  # fmt: skip

    return {"bank": model("RMS-PB10K", "power_bank", 10000), "cable": model("RMS-CB1M", "cable")}


@pytest.fixture
def delivery_list(make_user, hq, dealer_user, other_brand, rms_dealer):
    """A delivery list: goods sent back to the dealer from a ROMOSS repair batch."""
    warehouse = make_user("warehouse", outlet=hq)
    header = BatchHeader(contact_person="王丽", contact_phone="13957112345", courier="顺丰速运")
    batch = batch_create(brand=other_brand, header=header, by=dealer_user)
    return DeliveryShipment.objects.create(
        number=f"{batch.number}-D1", batch=batch, brand=other_brand, dealer=rms_dealer,
        courier="顺丰速运", tracking_number="SF1234567890", on_time=True, by=warehouse,
    )  # fmt: skip


@pytest.fixture
def clock(monkeypatch):
    """Sets 'now' (Asia/Shanghai wall time) for everything that asks django's timezone."""

    def set_to(year, month, day, hour=10, minute=0):
        moment = datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


# ---------------------------------------------------------------------------------------
# What the dealer fills in and attaches.


def declaration(hours_ago: float = 3, **changes) -> Declaration:
    """A complete declaration of goods signed for `hours_ago`, courier's note included."""
    values = {
        "delivery_note_number": "SF1234567890",
        "signed_for_at": timezone.now() - timedelta(hours=hours_ago),
        "description": "外箱一角压扁, 两台移动电源外壳开裂",
        "lines": [("RMS-PB10K", 2), ("RMS-CB1M", 1)],
        "order_reference": "SO-2026-0042",
        "seams_total": 4,
        "seams_intact": 3,
        "box_damaged": True,
        "opened_before_courier": True,
        "courier_name": "李强",
        "courier_work_number": "SF-0571-88",
        "courier_phone": "13812345678",
        "courier_labels_intact": False,
        "courier_box_intact": False,
        "actual_weight_kg": Decimal("4.20"),
        "shipped_weight_kg": Decimal("4.80"),
    }
    return Declaration(**{**values, **changes})


def image_bytes(fmt: str = "JPEG", size=(64, 48), mode: str = "RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else 1).save(buffer, format=fmt, **save)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(name: str = "damage.jpg") -> SimpleUploadedFile:
    return upload(name, image_bytes())


def form_scan() -> SimpleUploadedFile:
    """The application form with the official seal, scanned to PDF."""
    return upload("申请单.pdf", PDF, "application/pdf")


def note_scan() -> SimpleUploadedFile:
    """The delivery note signed by the courier, photographed."""
    return upload("delivery-note.png", image_bytes("PNG"), "image/png")


def evidence_complete(number: str, by) -> None:
    """One photo, the application form (PDF) and the delivery note (an image)."""
    claim_evidence_add(number=number, kind="photo", upload=photo(), by=by)
    claim_evidence_add(number=number, kind="application_form", upload=form_scan(), by=by)
    claim_evidence_add(number=number, kind="delivery_note", upload=note_scan(), by=by)


@pytest.fixture
def make_claim(dealer_user, other_brand, rms_models):
    """A ROMOSS declaration by the dealer, signed for `hours_ago`, taken up to `stage`
    (draft, complete: with all its evidence, or submitted)."""

    def make(stage="draft", hours_ago=3, by=None, **changes):
        by = by or dealer_user
        claim = claim_create(
            brand=other_brand, declaration=declaration(hours_ago, **changes), by=by
        )
        if stage in ("complete", "submitted"):
            evidence_complete(claim.number, by)
        if stage == "submitted":
            claim_submit(number=claim.number, by=by)
        claim.refresh_from_db()
        return claim

    return make


# ---------------------------------------------------------------------------------------
# "This refusal changed nothing."


def stored_files() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "claims"
    if not folder.exists():
        return set()
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


CLAIM_FIELDS = ("pk", "status", "desk", "late", "signed_for_at", "report_due_at", "seams_intact",
                "courier_phone", "remedy", "decision_reason", "decided_by_id")  # fmt: skip


def world():
    """What a refused action must leave exactly as it was."""
    return {
        "claims": list(DamageClaim.objects.order_by("pk").values_list(*CLAIM_FIELDS)),
        "lines": list(
            ClaimLine.objects.order_by("pk").values_list("claim_id", "model_id", "quantity")
        ),
        "evidence": list(ClaimEvidence.objects.order_by("pk").values_list("pk", "kind", "file")),
        "events": ClaimEvent.objects.count(),
        "sequences": list(ClaimSequence.objects.order_by("pk").values_list("day", "last")),
        "messages": OutboxMessage.objects.count(),
        "contacts": ContactLogEntry.objects.count(),
        "files": stored_files(),
    }


@contextmanager
def refused(code, status=None, field=None):
    """Expects a DomainError with this code (and status, and field) that changed nothing."""
    before = world()
    with pytest.raises(DomainError) as caught:
        yield caught
    error = caught.value
    assert (error.code, error.status if status else None) == (code, status), error.message
    if field is not None:
        assert field in error.fields, error.fields
    assert world() == before
