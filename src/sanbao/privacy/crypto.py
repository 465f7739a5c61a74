"""Personal data encrypted at rest (Fernet, keys from the environment) and found by a keyed
hash: the database and its backups hold no readable name, phone or address."""

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

PREFIX = "f1:"  # marks a stored value as encrypted, and with which scheme


def _derived(purpose: str) -> bytes:
    """A development key made from SECRET_KEY (reported by the deploy check)."""
    return hashlib.sha256(f"sanbao-pii-{purpose}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        keys = (base64.urlsafe_b64encode(_derived("encryption")).decode(),)
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PII_KEYS))


def pii_encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def pii_decrypt(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise PiiKeyMissing from None


def phone_digest(e164: str) -> str:
    """The keyed hash a customer is found by: the same phone always gives the same digest."""
    key = settings.PII_HASH_KEY.encode() or _derived("phone-index")
    return hmac.new(key, e164.encode(), hashlib.sha256).hexdigest()


class PiiKeyMissing(Exception):
    """A stored value was encrypted with a key that PII_KEYS no longer holds."""

    def __init__(self) -> None:
        super().__init__(
            "Personal data could not be decrypted: PII_KEYS lacks the key it was written with."
        )


class EncryptedCharField(models.TextField):  # type: ignore[type-arg]
    """Text that the database only ever sees encrypted; blank stays blank.

    It cannot be filtered or sorted on: look a customer up by `phone_digest`."""

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if self.max_length is not None and value:
            MaxLengthValidator(self.max_length)(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else pii_decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else pii_encrypt(str(value))
