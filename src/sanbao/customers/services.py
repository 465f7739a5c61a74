"""Writes of the customers app."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.phones import phone_normalise
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer
from sanbao.privacy.crypto import phone_digest


@transaction.atomic
def customer_find_or_register(
    *,
    name: str,
    phone: str,
    language: str = "zh-hans",
    email: str = "",
    province: str = "",
    city: str = "",
    district: str = "",
    address_detail: str = "",
    notifications_agreed: bool = False,
    consent_source: str = "",
) -> Customer:
    """The customer with this phone, brought up to date with what was given; or a new one."""
    try:
        e164 = phone_normalise(phone)
    except ValidationError as error:
        message = error.messages[0]
        raise DomainError.invalid("phone", message, code="invalid_phone") from None
    if not name.strip():
        message = _("Give the customer's name.")
        raise DomainError.invalid("name", message)
    given = {
        "name": name.strip()[:100], "email": email.strip(), "province": province.strip(),
        "city": city.strip(), "district": district.strip(),
        "address_detail": address_detail.strip(),
    }  # fmt: skip
    consent = {"notifications_consented_at": timezone.now(),
               "notifications_consent_source": consent_source[:120]}  # fmt: skip
    # A new customer is checked and inserted in one go; the phone's uniqueness is the
    # database's to enforce (the row lock of get_or_create), not a query of full_clean.
    candidate = Customer(
        phone=e164, language=language, **given, **(consent if notifications_agreed else {})
    )
    _validated(candidate)
    fields = {
        f.name: getattr(candidate, f.name)
        for f in Customer._meta.concrete_fields
        if f.name not in ("id", "phone_hash")
    }
    customer, created = Customer.objects.select_for_update().get_or_create(
        phone_hash=phone_digest(e164), defaults=fields
    )
    if created:
        return customer
    changed = [
        field for field, value in given.items() if value and getattr(customer, field) != value
    ]
    for field in changed:
        setattr(customer, field, given[field])
    if notifications_agreed and customer.notifications_consented_at is None:
        for field, value in consent.items():
            setattr(customer, field, value)
        changed += list(consent)
    if changed:
        _validated(customer)
        customer.save(update_fields=changed)
    return customer


def _validated(customer: Customer) -> None:
    try:
        customer.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise DomainError(
            "invalid_input", _("Some customer details are not valid."), status=422, fields=fields
        ) from None
