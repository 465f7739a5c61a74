"""Service-order fixtures: staff at the outlet, a registered unit, parts on the shelf,
and a one-call registration with sensible defaults."""

import base64
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from sanbao.catalog.models import Part, PartStock, Unit
from sanbao.service.intake import IntakeDetails, service_order_register


@pytest.fixture
def front_desk(make_user):
    return make_user("front_desk")


@pytest.fixture
def technician(make_user):
    return make_user("technician")


@pytest.fixture
def hq_technician(make_user, hq):
    return make_user("hq_technician", outlet=hq)


@pytest.fixture
def unit(bank, dealer):
    return Unit.objects.create(
        brand=bank.brand, serial="TOP0000000001", model=bank, produced_on=date(2025, 3, 1),
        dealer=dealer, shipped_on=date(2025, 3, 20), status="shipped",
    )  # fmt: skip


@pytest.fixture
def board(bank, outlet, hq):
    """A circuit board for the bank: 5 at the outlet, 2 at headquarters."""
    part = Part.objects.create(
        brand=bank.brand, code="PCB-10", name_en="Main board", name_zh="主板",
        mass_production_cost="18.50", standard_price="35.00",
    )  # fmt: skip
    part.models_served.add(bank)
    PartStock.objects.create(part=part, outlet=outlet, on_hand=5)
    PartStock.objects.create(part=part, outlet=hq, on_hand=2)
    return part


@pytest.fixture
def register(outlet, front_desk, unit):
    def make(proof=None, **changes):
        values = {
            "customer_name": "张伟",
            "customer_phone": "138 0013 8000",
            "fault_code": "port_damage",
            "serial": unit.serial,
            "purchase_date": timezone.localdate() - timedelta(days=40),
            "warranty_card_number": "W-1",
            "notifications_agreed": True,
        }
        details = IntakeDetails(**{**values, **changes})
        return service_order_register(outlet=outlet, details=details, by=front_desk, proof=proof)

    return make


def photo(name: str = "slip.jpg", image_format: str = "JPEG", exif: bytes = b""):
    """A real little image, as a browser uploads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format=image_format, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def sale_slip():
    return photo("slip.jpg")


def signature_png(width: int = 300, blank: bool = False) -> str:
    """A signature pad's data URL: a stroke on a transparent canvas."""
    image = Image.new("RGBA", (width, 120), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line(
            [(10, 90), (80, 20), (150, 100), (280, 30)], fill="black", width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
