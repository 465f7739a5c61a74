"""Mainland Chinese phone numbers: validation, E.164 storage and masking."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def phone_normalise(raw: str) -> str:
    """Parse a CN mobile or landline (including 400/800 service lines) into E.164."""
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(value)s is not a valid phone number."), code="invalid_phone", params={"value": raw}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_cn_phone(value: str) -> None:
    phone_normalise(value)


def phone_mask(e164: str) -> str:
    """138****1234: keep the first three and last four digits of the national number."""
    digits = e164.removeprefix("+86")
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
