"""The outbox's periodic delivery job and the `deliver-outbox` command."""

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sanbao.customers.models import Customer
from sanbao.notify.models import OutboxMessage
from sanbao.notify.services import message_to_customer
from sanbao.notify.tasks import outbox_deliver_periodic

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    customer = Customer.objects.create(
        name="张伟", phone="+8613800138000", email="zhang@example.com",
        notifications_consented_at=timezone.now(),
    )  # fmt: skip
    for number in range(3):
        message_to_customer(
            customer=customer, topic=f"order:TOP{number}:registered", subject="Service card",
            body="Registered.", language="zh-hans",
        )  # fmt: skip


def test_it_runs_every_minute():
    task = outbox_deliver_periodic.task_class()
    for minute in (0, 1, 17, 59):
        assert task.validate_datetime(datetime(2026, 5, 1, 9, minute))


def test_it_delivers_as_a_periodic_task(queued, mailoutbox):
    assert outbox_deliver_periodic.call_local() == 3
    assert len(mailoutbox) == 3
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def test_it_delivers_from_the_command_and_says_how_many(queued, mailoutbox):
    out = StringIO()
    call_command("deliver_outbox", limit=2, stdout=out)
    assert out.getvalue().strip() == "Sent 2 messages."
    call_command("deliver_outbox", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "Sent 1 messages."
    assert len(mailoutbox) == 3
