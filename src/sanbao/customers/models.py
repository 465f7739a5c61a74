"""A customer: name, phone (E.164, one record per phone), language and notification consent."""

from collections.abc import Collection
from contextlib import suppress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models.organisations import Address
from sanbao.accounts.phones import phone_mask, phone_normalise, validate_cn_phone


class Customer(Address):
    """One record per phone number: found again by phone at the next visit."""

    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, unique=True, validators=[validate_cn_phone])
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    email = models.EmailField(_("email"), blank=True)
    notifications_consented_at = models.DateTimeField(
        _("agreed to notifications at"), null=True, blank=True
    )
    notifications_consent_source = models.CharField(
        _("how notifications were agreed"), max_length=120, blank=True,
        help_text=_("Where and how the customer agreed, e.g. intake form at an outlet."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return f"{self.name[:1]}** {self.masked_phone}"

    @property
    def masked_name(self) -> str:
        return f"{self.name[:1]}**"

    @property
    def masked_phone(self) -> str:
        return phone_mask(self.phone)

    @property
    def accepts_notifications(self) -> bool:
        return self.notifications_consented_at is not None

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        with suppress(ValidationError):  # the field's validator reports it below
            self.phone = phone_normalise(self.phone or "")
        super().clean_fields(exclude=exclude)
