"""What a serial number looks like, and how typed or scanned serials are tidied."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sanbao.config.errors import DomainError

# Letters and digits only: serial ranges compare as plain strings, the same way in Python,
# SQLite and PostgreSQL whatever the collation, when they share a length.
SERIAL_PATTERN = r"^[A-Z0-9]{6,32}$"
_SERIAL = re.compile(SERIAL_PATTERN)
_SEPARATORS = re.compile(r"[\s\-]+")


def serial_normalise(raw: str) -> str:
    """Upper-case, without spaces or hyphens; ValidationError when it cannot be a serial."""
    serial = _SEPARATORS.sub("", raw or "").upper()
    if not _SERIAL.match(serial):
        raise ValidationError(
            _("“%(value)s” is not a serial number: use 6 to 32 letters and digits."),
            code="malformed_serial",
            params={"value": (raw or "")[:40]},
        )
    return serial


def serial_checked(raw: str) -> str:
    """The tidied serial, or a 422 DomainError naming the `serial` field."""
    try:
        return serial_normalise(raw)
    except ValidationError as error:
        message = error.messages[0]
        raise DomainError.invalid("serial", message, code="malformed_serial") from None
