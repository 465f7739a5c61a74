"""The outbox: one row per message to send; delivery channels drain it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.customers.models import Customer


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="messages", verbose_name=_("customer")
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            # Outreach can be sent again after a scope change without messaging anyone twice.
            models.UniqueConstraint(fields=["topic", "customer"], name="one_message_per_topic")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.topic} → {self.customer}"
