"""Proving a visitor holds a phone: a six-digit code by SMS, five tries, ten minutes.

The answer never tells whether the number belongs to a customer: a code goes only to a
number Sanbao knows, and the visitor is told the same either way."""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.phones import phone_normalise
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer
from sanbao.notify.channels import sms_send
from sanbao.privacy.crypto import phone_digest
from sanbao.privacy.models import PhoneChallenge

LIFETIME = timedelta(minutes=10)
TRIES = 5


def _e164(phone: str) -> str:
    try:
        return phone_normalise(phone)
    except ValidationError as error:
        raise DomainError.invalid("phone", error.messages[0], code="invalid_phone") from None


def _code_hash(phone_hash: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone_hash}:{code}".encode(), "sha256").hexdigest()


def phone_code_send(*, phone: str) -> None:
    e164 = _e164(phone)
    digest = phone_digest(e164)
    customer = Customer.objects.filter(phone_hash=digest).first()
    if customer is None:
        return
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        PhoneChallenge.objects.filter(phone_hash=digest, verified_at__isnull=True).delete()
        PhoneChallenge.objects.create(
            phone_hash=digest, code_hash=_code_hash(digest, code),
            expires_at=timezone.now() + LIFETIME,
        )  # fmt: skip
    text = _("Your Sanbao verification code is %(code)s. It is valid for 10 minutes.") % {
        "code": code
    }
    sms_send(phone=e164, text=text)


def phone_code_verify(*, phone: str, code: str) -> Customer:
    """The customer whose phone received this code; the code is then used up. A wrong code
    counts against the five tries (committed, although the call fails)."""
    digest = phone_digest(_e164(phone))
    with transaction.atomic():
        customer = _verified(digest, code.strip())
    if customer is None:
        raise DomainError.invalid(
            "code", _("The code is wrong or has expired. Ask for a new one."), code="wrong_code"
        )
    return customer


def _verified(digest: str, code: str) -> Customer | None:
    challenge = (
        PhoneChallenge.objects.select_for_update()
        .filter(phone_hash=digest, verified_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    if challenge is None or challenge.attempts >= TRIES:
        return None
    if not hmac.compare_digest(challenge.code_hash, _code_hash(digest, code)):
        PhoneChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
        return None
    PhoneChallenge.objects.filter(pk=challenge.pk).update(verified_at=timezone.now())
    return Customer.objects.filter(phone_hash=digest, erased_at__isnull=True).first()
