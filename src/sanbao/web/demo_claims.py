"""Demo damage declarations of hz-digital: one under review with its evidence, and one
refused because it came 25 hours after the goods were signed for."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from sanbao.accounts.models import Brand, User
from sanbao.claims.declaring import Declaration, claim_create, claim_evidence_add, claim_submit
from sanbao.claims.models import DamageClaim


def _photo(name: str, colour: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).rectangle([(120, 100), (520, 380)], outline="black", width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _declaration(hours_ago: int, note: str) -> Declaration:
    return Declaration(
        delivery_note_number=f"SF77{hours_ago:04d}",
        description="外箱一角压扁, 2 台移动电源外壳开裂",
        signed_for_at=timezone.now() - timedelta(hours=hours_ago), lines=[("RMS-PB20K", 2)],
        order_reference=note, seams_total=4, seams_intact=3, box_damaged=True,
        courier_name="张师傅", courier_work_number="SF0931", courier_phone="13800138000",
        courier_labels_intact=False, courier_box_intact=False,
        actual_weight_kg=Decimal("8.20"), shipped_weight_kg=Decimal("9.00"),
    )  # fmt: skip


def demo_claims_load(*, brands: dict[str, Brand], users: dict[str, User]) -> None:
    if DamageClaim.objects.exists():
        return
    dealer, romoss = users["dealer"], brands["romoss"]
    fresh = claim_create(brand=romoss, declaration=_declaration(3, "SO-2611-0042"), by=dealer)
    for kind, colour in (("photo", "#d9a066"), ("photo", "#c07a40"),
                         ("application_form", "white"), ("delivery_note", "#f4f4f4")):  # fmt: skip
        claim_evidence_add(number=fresh.number, kind=kind, upload=_photo(f"{kind}.jpg", colour),
                           by=dealer)  # fmt: skip
    claim_submit(number=fresh.number, by=dealer)
    late = claim_create(brand=romoss, declaration=_declaration(25, "SO-2611-0017"), by=dealer)
    claim_submit(number=late.number, by=dealer)
