"""Writes of the outbox: queueing a message for a customer or a staff member, delivering them."""

import logging
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import Dealer, User
from sanbao.customers.models import Customer
from sanbao.notify.channels import email_send, sms_send
from sanbao.notify.models import OutboxMessage, recipient_mask

logger = logging.getLogger("sanbao.notify")

Status = OutboxMessage.Status
Channel = OutboxMessage.Channel

MAX_ATTEMPTS = 5
# The wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
# A claimed message not marked sent or failed within this time had its worker killed.
SENDING_LEASE = timedelta(minutes=10)


def message_to_customer(
    *, customer: Customer, topic: str, subject: str, body: str, language: str
) -> OutboxMessage | None:
    """Queues a message, once per topic, if the customer agreed to notifications."""
    if not customer.accepts_notifications:
        return None
    message, _created = OutboxMessage.objects.get_or_create(
        topic=topic,
        customer=customer,
        defaults={"language": language, "subject": subject[:200], "body": body},
    )
    return message


def message_to_staff(*, user: User, topic: str, subject: str, body: str) -> OutboxMessage | None:
    """Queues a message to a staff member's email, once per topic; none without an address."""
    if not user.email:
        return None
    message, _created = OutboxMessage.objects.get_or_create(
        topic=topic,
        user=user,
        defaults={"language": user.language, "subject": subject[:200], "body": body},
    )
    return message


def message_to_dealer(
    *, dealer: Dealer, topic: str, subject: str, body: str, language: str = "zh-hans"
) -> OutboxMessage:
    """Queues a business notice to a dealer (email if it has one, else SMS), once per topic."""
    message, _created = OutboxMessage.objects.get_or_create(
        topic=topic,
        dealer=dealer,
        defaults={"language": language, "subject": subject[:200], "body": body},
    )
    return message


def _due(now: datetime) -> Q:
    waiting = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return Q(status=Status.PENDING) & waiting


def outbox_deliver(*, limit: int = 100) -> int:
    """Sends up to `limit` due messages; returns how many were sent. Safe to run in parallel."""
    outbox_sweep(now=timezone.now())
    due = (
        OutboxMessage.objects.filter(_due(timezone.now()))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    # Claimed one at a time, just before sending, so that the lease covers one send only.
    for message_id in list(due):
        message = outbox_message_claim(message_id=message_id, now=timezone.now())
        if message is not None and _send(message):
            sent += 1
    return sent


def outbox_message_claim(*, message_id: int, now: datetime) -> OutboxMessage | None:
    """Takes a due message for this worker; None when another worker took it first."""
    claimed = OutboxMessage.objects.filter(_due(now), pk=message_id).update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + SENDING_LEASE
    )
    if not claimed:
        return None
    return OutboxMessage.objects.select_related("customer", "user", "dealer").get(pk=message_id)


def outbox_sweep(*, now: datetime) -> int:
    """Puts messages whose worker was killed mid-send back in the queue; returns how many."""
    stuck = OutboxMessage.objects.filter(status=Status.SENDING, next_attempt_at__lte=now)
    error = _("Sending was interrupted: the worker stopped.")
    retried = stuck.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Status.PENDING, next_attempt_at=None, last_error=error
    )
    given_up = stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, next_attempt_at=None, last_error=error
    )
    return retried + given_up


class Undeliverable(Exception):
    """No channel can reach the recipient: retrying would not help."""


def _route(message: OutboxMessage) -> tuple[str, str]:
    """The channel and address: email when the recipient has one, else SMS to the phone."""
    if message.user is not None:
        if not message.user.email:
            raise Undeliverable(_("The staff member has no email address."))
        return Channel.EMAIL, message.user.email
    if message.dealer is not None:
        if message.dealer.email:
            return Channel.EMAIL, message.dealer.email
        return Channel.SMS, message.dealer.phone
    customer = message.customer
    assert customer is not None  # the check constraint: one of customer, user, dealer
    if not customer.accepts_notifications:
        raise Undeliverable(_("The customer no longer accepts notifications."))
    if customer.email:
        return Channel.EMAIL, customer.email
    if not customer.phone:
        raise Undeliverable(_("The customer has neither an email address nor a phone."))
    return Channel.SMS, customer.phone


def _send(message: OutboxMessage) -> bool:
    try:
        channel, recipient = _route(message)
    except Undeliverable as error:
        _record_failure(message, error=str(error), channel="", recipient="", final=True)
        return False
    try:
        if channel == Channel.EMAIL:
            email_send(address=recipient, subject=message.subject, body=message.body)
        else:
            sms_send(phone=recipient, text=message.body)
    except Exception as error:  # whatever the channel raises, the message is retried
        # Servers quote the address they refused; the page and the log show it masked.
        text = f"{type(error).__name__}: {error}".replace(recipient, recipient_mask(recipient))
        _record_failure(message, error=text, channel=channel, recipient=recipient, final=False)
        return False
    # Even if the sweeper has meanwhile given up on it: it went out, so it must not go again.
    OutboxMessage.objects.filter(pk=message.pk).exclude(status=Status.SENT).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        channel=channel,
        recipient=recipient,
        next_attempt_at=None,
    )
    return True


def _record_failure(
    message: OutboxMessage, *, error: str, channel: str, recipient: str, final: bool
) -> None:
    give_up = final or message.attempts >= MAX_ATTEMPTS
    logger.warning(
        "Outbox message %s: attempt %s of %s failed (%s): %s",
        message.pk,
        message.attempts,
        MAX_ATTEMPTS,
        "given up" if give_up else "will retry",
        error,
    )
    retry_at = None
    if not give_up:
        delay = RETRY_DELAYS[min(message.attempts, len(RETRY_DELAYS)) - 1]
        retry_at = timezone.now() + delay
    # Only while it is still this worker's claim: the sweeper may have handed it on.
    OutboxMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, attempts=message.attempts
    ).update(
        status=Status.FAILED if give_up else Status.PENDING,
        next_attempt_at=retry_at,
        last_error=error[:2000],
        channel=channel or message.channel,
        recipient=recipient or message.recipient,
    )
