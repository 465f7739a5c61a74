"""A customer: name, phone (E.164, one record per phone), language and notification consent."""

from collections.abc import Collection
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models.organisations import Address
from sanbao.accounts.phones import phone_mask, phone_normalise, validate_cn_phone
from sanbao.privacy.crypto import EncryptedCharField, phone_digest


class Customer(Address):
    """One record per phone number: found again by phone at the next visit.

    Name, phone, email and street address are stored encrypted; the phone's keyed hash
    finds the record. Province, city and district stay readable for the statistics. A
    purged or erased customer keeps the row (orders point at it) with the personal data
    blanked and `erased_at` set."""

    name = EncryptedCharField(_("name"), max_length=100, blank=True)
    phone = EncryptedCharField(
        _("phone"), max_length=20, blank=True, validators=[validate_cn_phone]
    )
    phone_hash = models.CharField(
        _("phone index"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    address_detail = EncryptedCharField(_("street address"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    email = EncryptedCharField(_("email"), max_length=254, blank=True, validators=[validate_email])
    notifications_consented_at = models.DateTimeField(
        _("agreed to notifications at"), null=True, blank=True
    )
    notifications_consent_source = models.CharField(
        _("how notifications were agreed"), max_length=120, blank=True,
        help_text=_("Where and how the customer agreed, e.g. intake form at an outlet."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        if self.erased_at is not None:
            return str(_("(erased)"))
        return f"{self.name[:1]}** {self.masked_phone}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The index is a storage detail of the encrypted phone, kept with it.
        self.phone_hash = phone_digest(self.phone) if self.phone else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone" in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_hash"}
        super().save(*args, **kwargs)

    @property
    def masked_name(self) -> str:
        return f"{self.name[:1]}**" if self.name else "—"

    @property
    def masked_phone(self) -> str:
        return phone_mask(self.phone)

    @property
    def accepts_notifications(self) -> bool:
        return self.notifications_consented_at is not None

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        if self.phone:
            with suppress(ValidationError):  # the field's validator reports it below
                self.phone = phone_normalise(self.phone)
        super().clean_fields(exclude=exclude)
