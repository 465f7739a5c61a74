"""Delivery channels: email through Django's mail backend, SMS through SMS_BACKEND."""

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from sanbao.accounts.phones import phone_mask

logger = logging.getLogger("sanbao.notify")


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str) -> None:
        """Send `text` to an E.164 number; raise on failure so the message is retried."""


class ConsoleSmsBackend:
    """Development: the text goes to the log instead of a phone."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone_mask(phone), text)


@cache
def _sms_backend(path: str) -> SmsBackend:
    backend: SmsBackend = import_string(path)()
    return backend


def sms_send(*, phone: str, text: str) -> None:
    _sms_backend(settings.SMS_BACKEND).send(phone=phone, text=text)


def email_send(*, address: str, subject: str, body: str) -> None:
    # EMAIL_BACKEND decides where it goes: the console in development, SMTP in production.
    send_mail(subject, body, None, [address], fail_silently=False)
