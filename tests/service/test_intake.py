"""Registering a product: customer by phone, registry lookup, decision snapshot, card number."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanbao.catalog.models import UnitClaim
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer
from sanbao.notify.models import OutboxMessage
from sanbao.service.intake import IntakeDetails, service_order_register
from sanbao.service.models import ServiceOrder, ServiceOrderEvent
from tests.service.conftest import photo

pytestmark = pytest.mark.django_db


def _details(**changes):
    values = {
        "customer_name": "张伟",
        "customer_phone": "138 0013 8000",
        "fault_code": "no_output",
        "serial": "top-0000000001",
        "purchase_date": timezone.localdate() - timedelta(days=40),
        "warranty_card_number": "W-1",
    }
    return IntakeDetails(**{**values, **changes})


def test_it_registers_a_walk_in_with_card_number_decision_and_first_event(outlet, front_desk, unit):
    order = service_order_register(outlet=outlet, details=_details(), by=front_desk)
    today = timezone.localdate()
    assert order.number == f"TOP{today:%y%m%d}0001"
    assert order.unit == unit and order.model == unit.model and order.serial == unit.serial
    assert order.coverage == "in_warranty" and order.decision["policy_id"] == "top"
    assert order.customer.phone == "+8613800138000"
    assert [(e.action, e.to_status) for e in order.events.all()] == [("register", "registered")]


def test_it_numbers_cards_in_sequence_per_brand_and_day(outlet, front_desk, unit):
    first = service_order_register(outlet=outlet, details=_details(), by=front_desk)
    second = service_order_register(
        outlet=outlet, details=_details(customer_phone="13900139000"), by=front_desk
    )
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


def test_it_finds_the_customer_again_by_phone(outlet, front_desk, unit):
    service_order_register(outlet=outlet, details=_details(), by=front_desk)
    service_order_register(
        outlet=outlet, details=_details(customer_phone="+86 138-0013-8000"), by=front_desk
    )
    assert Customer.objects.count() == 1


def test_it_flags_a_second_customer_claiming_the_same_unit(outlet, front_desk, unit):
    service_order_register(outlet=outlet, details=_details(), by=front_desk)
    other = service_order_register(
        outlet=outlet, details=_details(customer_phone="13900139000"), by=front_desk
    )
    claim = UnitClaim.objects.get(reference=other.number)
    assert claim.is_flagged and claim.review == "pending"


def test_it_takes_an_unknown_serial_with_the_model(outlet, front_desk, bank):
    order = service_order_register(
        outlet=outlet, details=_details(serial="NEW000001", model_sku="top-pb10"), by=front_desk
    )
    assert order.unit is None and order.serial == "NEW000001" and order.model == bank


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"serial": "NEW000001", "model_sku": ""}, "model_sku"),
        ({"serial": "NEW000001", "model_sku": "NOPE"}, "model_sku"),
        ({"customer_phone": "12345"}, "phone"),
        ({"customer_name": "  "}, "name"),
        ({"serial": "x"}, "serial"),
        ({"fault_code": "exploded"}, "fault_code"),
        ({"intake": "by_drone"}, "intake"),
    ],
)
def test_it_refuses_bad_details_and_writes_nothing(outlet, front_desk, unit, changes, field):
    with pytest.raises(DomainError) as error:
        service_order_register(outlet=outlet, details=_details(**changes), by=front_desk)
    assert error.value.status == 422 and field in error.value.fields
    assert not ServiceOrder.objects.exists() and not ServiceOrderEvent.objects.exists()
    assert not Customer.objects.exists()


def test_it_refuses_staff_of_another_outlet(hq, outlet, make_user, unit, other_brand):
    stranger = make_user("front_desk", username="elsewhere", outlet=hq)
    stranger.brands.set([other_brand])
    with pytest.raises(DomainError) as error:
        service_order_register(outlet=outlet, details=_details(), by=stranger)
    assert error.value.status == 403


def test_it_keeps_the_proof_and_refuses_other_files(outlet, front_desk, unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    slip = photo("slip.png", "PNG")
    order = service_order_register(outlet=outlet, details=_details(), by=front_desk, proof=slip)
    assert order.proof_of_purchase.name.endswith(".png")
    assert order.decision["coverage"] == "in_warranty"
    script = SimpleUploadedFile("x.sh", b"rm -rf /", content_type="text/x-sh")
    with pytest.raises(DomainError) as error:
        service_order_register(outlet=outlet, details=_details(), by=front_desk, proof=script)
    assert "proof_of_purchase" in error.value.fields


def test_it_sets_the_due_date_of_a_serious_fault(outlet, front_desk, unit):
    order = service_order_register(
        outlet=outlet, details=_details(fault_code="swelling"), by=front_desk
    )
    assert order.serious and order.due_on is not None and order.due_on > timezone.localdate()
    assert order.decision["hazards"]


def test_it_messages_a_customer_who_agreed(outlet, front_desk, unit):
    order = service_order_register(
        outlet=outlet,
        details=_details(notifications_agreed=True, customer_language="en"),
        by=front_desk,
    )
    message = OutboxMessage.objects.get(topic=f"order:{order.number}:registered")
    assert order.number in message.subject and message.language == "en"
    assert order.customer.notifications_consent_source == "Intake at gz"


def test_it_keeps_condition_photos_without_their_location(
    outlet, front_desk, unit, settings, tmp_path
):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (23.0, 7.0, 0.0)}  # GPS info
    snapshot = photo("scratch.jpg", exif=exif.tobytes())
    order = service_order_register(
        outlet=outlet, details=_details(), by=front_desk, photos=[snapshot, photo("b.png", "PNG")]
    )
    stored = [p.image for p in order.photos.all()]
    assert len(stored) == 2 and stored[0].name.endswith(".jpg")
    with Image.open(stored[0].path) as kept:
        assert 0x8825 not in kept.getexif()


def test_it_refuses_a_file_dressed_up_as_a_photo_and_registers_nothing(outlet, front_desk, unit):
    fake = SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError) as error:
        service_order_register(outlet=outlet, details=_details(), by=front_desk, photos=[fake])
    assert "photos" in error.value.fields
    assert not ServiceOrder.objects.exists()
