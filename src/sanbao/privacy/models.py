"""The access log: every time someone sees a customer's personal data unmasked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.customers.models import Customer


class AccessLogEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("who"),
    )  # fmt: skip
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("customer"),
    )  # fmt: skip
    customer_label = models.CharField(_("customer (masked)"), max_length=60)
    viewed_at = models.DateTimeField(_("when"), auto_now_add=True)
    where = models.CharField(_("page or endpoint"), max_length=200)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["customer", "viewed_at"], name="access_by_customer")]

    def __str__(self) -> str:
        return f"{self.viewed_at:%Y-%m-%d %H:%M} {self.user} → {self.customer_label}"
