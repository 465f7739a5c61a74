"""The outbox page: delivery state shown, recipients masked, rows limited to one's brands."""

import pytest
from django.utils import timezone

from sanbao.catalog.models import Unit
from sanbao.customers.models import Customer
from sanbao.notify.models import recipient_mask
from sanbao.notify.services import message_to_customer, message_to_staff, outbox_deliver

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("zhang@example.com", "z***@example.com"),
        ("+8613812341234", "138****1234"),
        ("", ""),
    ],
)
def test_it_masks_recipients(address, masked):
    assert recipient_mask(address) == masked


@pytest.fixture
def delivered(bank, make_user):
    consented = timezone.now()
    texted = Customer.objects.create(
        name="张伟", phone="+8613812341234", notifications_consented_at=consented
    )
    mailed = Customer.objects.create(
        name="李娜", phone="+8613900001111", email="lina@example.com",
        notifications_consented_at=consented,
    )  # fmt: skip
    owners = [texted, mailed]
    for number, owner in enumerate(owners):
        Unit.objects.create(
            serial=f"TOP000{number}", model=bank, brand=bank.brand, owner=owner,
            produced_on=timezone.localdate(),
        )  # fmt: skip
        message_to_customer(
            customer=owner, topic="recall:1", subject=f"Recall {number}", body="Stop using it.",
            language="zh-hans",
        )  # fmt: skip
    staff = make_user("front_desk", username="desk", email="desk@example.com")
    message_to_staff(user=staff, topic="sla:1", subject="Overdue order", body="TOP1")
    outbox_deliver()


def test_it_lists_channel_masked_recipient_and_attempts(client_as, users, delivered):
    html = client_as(users["manager"]).get("/browse/outbox/").content.decode()
    assert "Recall 0" in html and "Recall 1" in html and "Overdue order" in html
    assert "138****1234" in html and "l***@example.com" in html and "d***@example.com" in html
    for unmasked in ("13812341234", "lina@example.com", "desk@example.com"):
        assert unmasked not in html


def test_it_shows_the_last_error_on_the_detail_page(client_as, users, delivered):
    from sanbao.notify.models import OutboxMessage

    message = OutboxMessage.objects.get(subject="Recall 0")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="pending", attempts=2, last_error="TimeoutError: timed out"
    )
    html = client_as(users["auditor"]).get(f"/browse/outbox/{message.pk}/").content.decode()
    assert "TimeoutError: timed out" in html and "138****1234" in html
    assert "13812341234" not in html


def test_it_filters_by_channel(client_as, users, delivered):
    html = client_as(users["manager"]).get("/browse/outbox/", {"channel": "sms"}).content
    assert b"Recall 0" in html and b"Recall 1" not in html


def test_it_speaks_chinese(client_as, users, delivered):
    client = client_as(users["manager"])
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/browse/outbox/").content.decode()
    assert "发送方式" in html and "短信" in html and "收件地址" in html and "已发送" in html
