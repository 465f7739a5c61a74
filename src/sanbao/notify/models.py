"""The outbox: one row per message to a customer or a staff member; delivery drains it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.phones import phone_mask
from sanbao.customers.models import Customer


def recipient_mask(address: str) -> str:
    """z***@example.com for an email address, 138****1234 for an E.164 phone."""
    if not address:
        return ""
    if "@" in address:
        local, _at, domain = address.rpartition("@")
        return f"{local[:1]}***@{domain}"
    return phone_mask(address)


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("customer"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("staff member"),
    )
    dealer = models.ForeignKey(
        "accounts.Dealer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("dealer"),
    )
    topic = models.CharField(
        _("topic"), max_length=60, help_text=_("What the message is about, e.g. recall:12.")
    )
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, blank=True,
        help_text=_("Chosen when the message is sent: email when there is an address, else SMS."),
    )  # fmt: skip
    recipient = models.CharField(
        _("recipient"), max_length=254, blank=True,
        help_text=_("The email address or phone number the message went to."),
    )  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True,
        # A claim sets it to the end of the sender's lease: past it, the message is stuck.
        help_text=_("When a waiting message is tried again, or when a send in progress is "
                    "given up as interrupted."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            # Outreach can be sent again after a scope change without messaging anyone twice.
            models.UniqueConstraint(fields=["topic", "customer"], name="one_message_per_topic"),
            models.UniqueConstraint(fields=["topic", "user"], name="one_staff_message_per_topic"),
            models.UniqueConstraint(
                fields=["topic", "dealer"], name="one_dealer_message_per_topic"
            ),
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False, user__isnull=True, dealer__isnull=True)
                | models.Q(customer__isnull=True, user__isnull=False, dealer__isnull=True)
                | models.Q(customer__isnull=True, user__isnull=True, dealer__isnull=False),
                name="outbox_one_recipient",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.topic} → {self.addressee}"

    @property
    def addressee(self) -> str:
        """Who the message is for: the customer (masked), the staff member or the dealer."""
        return str(self.customer or self.user or self.dealer)

    @property
    def masked_recipient(self) -> str:
        return recipient_mask(self.recipient)


class ContactLogEntry(models.Model):
    """A telephone call or fax to a return unit or customer: who, when, what came of it."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telephone")
        FAX = "fax", _("Fax")

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("We called or faxed")
        INCOMING = "incoming", _("They called or faxed")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached and told")
        LEFT_MESSAGE = "left_message", _("Left a message")
        NO_ANSWER = "no_answer", _("No answer")
        FAX_SENT = "fax_sent", _("Fax went through")
        FAX_FAILED = "fax_failed", _("Fax failed")

    dealer = models.ForeignKey(
        "accounts.Dealer", on_delete=models.CASCADE, related_name="contacts",
        verbose_name=_("dealer"),
    )  # fmt: skip
    topic = models.CharField(_("about"), max_length=60, help_text=_("e.g. return-batch:…"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.OUTGOING
    )
    number_called = models.CharField(_("number called"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    called_at = models.DateTimeField(_("called at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-called_at", "-pk"]
        verbose_name = _("contact-log entry")
        verbose_name_plural = _("contact log")
        indexes = [models.Index(fields=["topic"], name="contact_topic")]

    def __str__(self) -> str:
        return f"{self.topic} {self.channel} {self.outcome}"
