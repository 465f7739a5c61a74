"""The organisations Sanbao serves: brands, their service outlets and their dealers."""

import contextlib
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from sanbao.accounts.phones import phone_normalise, validate_cn_phone


def validate_uscc(value: str) -> None:
    """Unified social credit code (统一社会信用代码) of a mainland Chinese organisation."""
    try:
        uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code."),
            code="invalid_uscc",
            params={"value": value},
        ) from None


def _phone_tidy(record: Any) -> None:
    """Store a valid phone as E.164; leave an invalid one for the validator to report."""
    with contextlib.suppress(ValidationError):
        record.phone = phone_normalise(record.phone) if record.phone else record.phone


class BilingualName(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class Brand(BilingualName):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200)
    policy_id = models.SlugField(
        _("warranty policy"), max_length=40, help_text=_("Policy file the brand's claims follow.")
    )
    card_prefix = models.CharField(
        _("service card prefix"),
        max_length=6,
        unique=True,
        help_text=_("Letters that start every service card number of this brand."),
    )
    hotline = models.CharField(_("after-sales hotline"), max_length=40, blank=True)
    service_email = models.EmailField(_("after-sales email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")


class Address(models.Model):
    province = models.CharField(_("province"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=40, blank=True)
    district = models.CharField(_("district"), max_length=40, blank=True)
    address_detail = models.CharField(_("street address"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def full_address(self) -> str:
        return " ".join(
            part for part in (self.province, self.city, self.district, self.address_detail) if part
        )


class ServiceOutlet(BilingualName, Address):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    is_hq = models.BooleanField(
        _("headquarters"),
        default=False,
        help_text=_("Serious faults may be sent here for immediate repair."),
    )
    brands = models.ManyToManyField(Brand, related_name="outlets", verbose_name=_("brands"))
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_cn_phone])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_hq", "code"]
        verbose_name = _("service outlet")
        verbose_name_plural = _("service outlets")
        constraints = [
            models.UniqueConstraint(
                fields=["is_hq"], condition=models.Q(is_hq=True), name="one_headquarters_outlet"
            )
        ]

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        _phone_tidy(self)
        super().clean_fields(exclude=exclude)


class Dealer(Address):
    """A dealer or agent: the "return unit" that sends faulty goods back to the factory."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    contact_person = models.CharField(_("contact person"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_cn_phone])
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Where notices about return batches go (else SMS).")
    )
    brands = models.ManyToManyField(Brand, related_name="dealers", verbose_name=_("brands"))
    authorised_from = models.DateField(_("authorised from"), null=True, blank=True)
    authorised_until = models.DateField(_("authorised until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("dealer")
        verbose_name_plural = _("dealers")

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        self.credit_code = uscc.compact(self.credit_code or "")
        _phone_tidy(self)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        if (
            self.authorised_from
            and self.authorised_until
            and self.authorised_until < self.authorised_from
        ):
            raise ValidationError(
                {"authorised_until": _("The authorisation cannot end before it starts.")}
            )
