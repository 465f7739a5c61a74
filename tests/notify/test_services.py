"""Queueing messages for customers and staff, and delivering them: claims, retries, sweeps."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from sanbao.customers.models import Customer
from sanbao.notify import services
from sanbao.notify.models import OutboxMessage
from sanbao.notify.services import (
    MAX_ATTEMPTS,
    SENDING_LEASE,
    message_to_customer,
    message_to_staff,
    outbox_deliver,
    outbox_message_claim,
    outbox_sweep,
)

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


@pytest.fixture(autouse=True)
def _english():
    """Errors are recorded in the worker's language: English here, whatever ran before."""
    with translation.override("en"):
        yield


def _customer(phone: str, *, email: str = "", consent: bool = True, **fields) -> Customer:
    return Customer.objects.create(
        name=fields.pop("name", "张伟"),
        phone=phone,
        email=email,
        notifications_consented_at=timezone.now() if consent else None,
        **fields,
    )


@pytest.fixture
def mailed():
    """A customer who agreed to notifications and gave an email address."""
    return _customer("+8613800138000", email="zhang@example.com")


@pytest.fixture
def texted():
    """A customer who agreed to notifications and has only a phone."""
    return _customer("+8613912341234", name="李娜")


def _queue(customer: Customer, topic: str = "order:TOP1:registered") -> OutboxMessage:
    message = message_to_customer(
        customer=customer, topic=topic, subject="Service card TOP1", body="We have it.",
        language=customer.language,
    )  # fmt: skip
    assert message is not None
    return message


def _due_now(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def _failing_channel(monkeypatch, error: Exception) -> list[str]:
    calls: list[str] = []

    def fail(*, address: str, subject: str, body: str) -> None:
        calls.append(address)
        raise error

    monkeypatch.setattr(services, "email_send", fail)
    return calls


# Queueing


def test_it_queues_a_message_for_a_customer_who_agreed(mailed):
    message = _queue(mailed)
    assert (message.customer, message.user, message.status) == (mailed, None, Status.PENDING)
    assert (message.language, message.attempts, message.channel) == ("zh-hans", 0, "")


def test_it_queues_nothing_for_a_customer_who_did_not_agree():
    customer = _customer("+8613800138001", email="wang@example.com", consent=False)
    message = message_to_customer(
        customer=customer, topic="recall:1", subject="Recall", body="Stop using it.",
        language="zh-hans",
    )  # fmt: skip
    assert message is None
    assert not OutboxMessage.objects.exists()


def test_it_queues_a_topic_once_per_customer(mailed):
    first = _queue(mailed)
    again = message_to_customer(
        customer=mailed, topic=first.topic, subject="Other", body="Other", language="en"
    )
    assert again == first and OutboxMessage.objects.count() == 1
    assert again is not None and again.subject == "Service card TOP1"


def test_it_queues_a_message_for_staff_in_their_language(make_user):
    manager = make_user("manager", email="manager@example.com", language="zh-hans")
    message = message_to_staff(
        user=manager, topic="sla:TOP1:overdue", subject="逾期", body="服务单 TOP1 已逾期。"
    )
    assert message is not None
    assert (message.user, message.customer, message.language) == (manager, None, "zh-hans")
    again = message_to_staff(user=manager, topic="sla:TOP1:overdue", subject="x", body="x")
    assert again == message and OutboxMessage.objects.count() == 1


def test_it_queues_nothing_for_staff_without_an_email(make_user):
    manager = make_user("manager", email="")
    assert message_to_staff(user=manager, topic="sla:TOP1:overdue", subject="x", body="x") is None
    assert not OutboxMessage.objects.exists()


def test_it_lets_a_customer_and_a_staff_member_have_the_same_topic(mailed, make_user):
    manager = make_user("manager", email="manager@example.com")
    _queue(mailed, topic="order:TOP1:overdue")
    message_to_staff(user=manager, topic="order:TOP1:overdue", subject="x", body="x")
    assert OutboxMessage.objects.filter(topic="order:TOP1:overdue").count() == 2


@pytest.mark.parametrize("recipients", ["both", "neither"])
def test_it_rejects_a_row_with_both_or_neither_recipient(mailed, make_user, recipients):
    user = make_user("manager") if recipients == "both" else None
    customer = mailed if recipients == "both" else None
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(
            customer=customer, user=user, topic="x", language="en", subject="x", body="x"
        )


def test_it_keeps_the_callers_get_or_create_working(mailed, mailoutbox):
    # Intake and recall outreach create rows themselves, with only these fields.
    OutboxMessage.objects.get_or_create(
        topic="order:TOP1:registered",
        customer=mailed,
        defaults={"language": "zh-hans", "subject": "服务卡 TOP1", "body": "已登记。"},
    )
    assert outbox_deliver() == 1
    assert [mail.subject for mail in mailoutbox] == ["服务卡 TOP1"]


# Delivery


def test_it_emails_a_customer_who_has_an_address(mailed, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "TOP <service@top.example>"
    message = _queue(mailed)
    assert outbox_deliver() == 1
    [mail] = mailoutbox
    assert (mail.to, mail.subject, mail.body) == (
        ["zhang@example.com"],
        "Service card TOP1",
        "We have it.",
    )
    assert mail.from_email == "TOP <service@top.example>"
    message.refresh_from_db()
    assert (message.status, message.channel, message.recipient) == (
        Status.SENT,
        "email",
        "zhang@example.com",
    )
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""


def test_it_texts_a_customer_without_an_email(texted, mailoutbox, caplog):
    message = _queue(texted)
    with caplog.at_level("INFO", logger="sanbao.notify"):
        assert outbox_deliver() == 1
    assert not mailoutbox
    assert "SMS to 139****1234: We have it." in caplog.messages
    message.refresh_from_db()
    assert (message.status, message.channel, message.recipient) == (
        Status.SENT,
        "sms",
        "+8613912341234",
    )


def test_it_emails_staff(make_user, mailoutbox):
    manager = make_user("manager", email="manager@example.com")
    message_to_staff(user=manager, topic="sla:TOP1:overdue", subject="Overdue", body="TOP1")
    assert outbox_deliver() == 1
    assert [mail.to for mail in mailoutbox] == [["manager@example.com"]]


def test_it_sends_the_oldest_first_up_to_the_limit(mailed, mailoutbox):
    for number in range(3):
        _queue(mailed, topic=f"order:TOP{number}:registered")
    assert outbox_deliver(limit=2) == 2
    assert OutboxMessage.objects.filter(status=Status.PENDING).get().topic == (
        "order:TOP2:registered"
    )
    assert outbox_deliver() == 1 and len(mailoutbox) == 3


def test_it_sends_nothing_twice(mailed, mailoutbox):
    _queue(mailed)
    assert outbox_deliver() == 1
    assert outbox_deliver() == 0
    assert len(mailoutbox) == 1


def test_it_lets_only_one_of_two_workers_claim_a_message(mailed, mailoutbox):
    message = _queue(mailed)
    now = timezone.now()
    first = outbox_message_claim(message_id=message.pk, now=now)
    second = outbox_message_claim(message_id=message.pk, now=now)
    assert first is not None and second is None
    assert (first.status, first.attempts) == (Status.SENDING, 1)
    # The second worker's run finds the message taken and sends nothing.
    assert outbox_deliver() == 0
    assert not mailoutbox


def test_it_skips_a_message_another_worker_claims_while_it_runs(mailed, texted, monkeypatch):
    """Worker A lists both messages; worker B claims the second before A gets to it."""
    first, second = _queue(mailed), _queue(texted)
    claim = services.outbox_message_claim

    def claim_after_b(*, message_id, now):
        if message_id == second.pk:
            assert claim(message_id=second.pk, now=now) is not None  # worker B
        return claim(message_id=message_id, now=now)

    monkeypatch.setattr(services, "outbox_message_claim", claim_after_b)
    assert outbox_deliver() == 1
    assert OutboxMessage.objects.get(pk=first.pk).status == Status.SENT
    assert OutboxMessage.objects.get(pk=second.pk).status == Status.SENDING


def test_it_retries_with_growing_delays_then_gives_up(mailed, monkeypatch):
    calls = _failing_channel(monkeypatch, ConnectionRefusedError("mail server down"))
    message = _queue(mailed)
    delays = []
    for attempt in range(1, MAX_ATTEMPTS):
        before = timezone.now()
        assert outbox_deliver() == 0
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.PENDING, attempt)
        assert message.last_error == "ConnectionRefusedError: mail server down"
        assert message.next_attempt_at is not None
        delays.append(round((message.next_attempt_at - before).total_seconds() / 60))
        assert outbox_deliver() == 0  # not due yet
        assert len(calls) == attempt
        _due_now(message)
    assert delays == [1, 5, 30, 120]
    assert outbox_deliver() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == (
        Status.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    assert (message.channel, message.recipient) == ("email", "zhang@example.com")
    assert outbox_deliver() == 0 and len(calls) == MAX_ATTEMPTS


def test_it_sends_on_a_retry_after_a_failure(mailed, monkeypatch, mailoutbox):
    message = _queue(mailed)
    _failing_channel(monkeypatch, TimeoutError("timed out"))
    outbox_deliver()
    monkeypatch.undo()
    _due_now(message)
    assert outbox_deliver() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert len(mailoutbox) == 1


def test_it_masks_the_address_a_server_quotes_in_its_error(mailed, monkeypatch):
    _failing_channel(monkeypatch, ValueError("{'zhang@example.com': (550, 'no such user')}"))
    message = _queue(mailed)
    outbox_deliver()
    message.refresh_from_db()
    assert "zhang@example.com" not in message.last_error
    assert "z***@example.com" in message.last_error


def test_it_fails_a_message_at_once_when_the_customer_withdrew_consent(mailed, mailoutbox):
    message = _queue(mailed)
    Customer.objects.filter(pk=mailed.pk).update(notifications_consented_at=None)
    assert outbox_deliver() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert message.last_error == "The customer no longer accepts notifications."
    assert not mailoutbox


def test_it_fails_a_staff_message_at_once_when_the_address_is_gone(make_user, mailoutbox):
    manager = make_user("manager", email="manager@example.com")
    message = message_to_staff(user=manager, topic="sla:1", subject="x", body="x")
    manager.email = ""
    manager.save()
    assert outbox_deliver() == 0
    assert message is not None
    message.refresh_from_db()
    assert message.status == Status.FAILED and not mailoutbox


# The sweep


def test_it_puts_a_message_stuck_in_sending_back_in_the_queue(mailed, mailoutbox):
    message = _queue(mailed)
    claimed_at = timezone.now()
    outbox_message_claim(message_id=message.pk, now=claimed_at)  # and the worker is killed
    assert outbox_sweep(now=claimed_at + SENDING_LEASE - timedelta(seconds=1)) == 0
    assert outbox_sweep(now=claimed_at + SENDING_LEASE) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert message.last_error == "Sending was interrupted: the worker stopped."
    assert outbox_deliver() == 1 and len(mailoutbox) == 1


def test_it_sweeps_before_delivering(mailed, mailoutbox):
    message = _queue(mailed)
    outbox_message_claim(message_id=message.pk, now=timezone.now() - SENDING_LEASE)
    assert outbox_deliver() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)


def test_it_gives_up_a_stuck_message_that_used_its_last_attempt(mailed):
    message = _queue(mailed)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        attempts=MAX_ATTEMPTS,
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )
    assert outbox_sweep(now=timezone.now()) == 1
    message.refresh_from_db()
    assert (message.status, message.next_attempt_at) == (Status.FAILED, None)


def test_it_marks_a_slow_send_sent_even_after_the_sweep(mailed, monkeypatch, mailoutbox):
    """A send that outlived its lease still went out: it must not be sent again."""
    message = _queue(mailed)
    real_send = services.email_send

    def slow_send(**kwargs):
        outbox_sweep(now=timezone.now() + SENDING_LEASE)  # another worker's sweep meanwhile
        real_send(**kwargs)

    monkeypatch.setattr(services, "email_send", slow_send)
    assert outbox_deliver() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert outbox_deliver() == 0 and len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_message_once_when_workers_run_at_once(mailoutbox):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    for number in range(30):
        customer = _customer(f"+86138001{number:05d}", email=f"c{number}@example.com")
        _queue(customer, topic=f"recall:{number}")
    start = Barrier(3)

    def worker() -> int:
        start.wait()
        try:
            return outbox_deliver()
        finally:
            connection.close()

    with ThreadPoolExecutor(3) as pool:
        counts = [future.result() for future in [pool.submit(worker) for _ in range(3)]]
    assert sum(counts) == 30
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        f"c{number}@example.com" for number in range(30)
    )
    assert OutboxMessage.objects.filter(status=Status.SENT, attempts=1).count() == 30
