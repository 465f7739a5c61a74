"""The channels: email through Django's mail backend, SMS through the SMS_BACKEND setting."""

import importlib
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sanbao.config.settings import mail as mail_settings
from sanbao.notify.channels import ConsoleSmsBackend, email_send, sms_send

sent_texts: list[tuple[str, str]] = []


class RecordingSmsBackend:
    """An SMS backend of the kind a carrier's would be: it gets the full number."""

    def send(self, *, phone: str, text: str) -> None:
        sent_texts.append((phone, text))


def test_it_emails_through_the_configured_mail_backend(mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "service@top.example"
    email_send(address="zhang@example.com", subject="服务卡 TOP1", body="已登记。")
    [mail] = mailoutbox
    assert (mail.to, mail.from_email, mail.subject, mail.body) == (
        ["zhang@example.com"],
        "service@top.example",
        "服务卡 TOP1",
        "已登记。",
    )


def test_it_logs_a_console_text_with_the_phone_masked(caplog):
    with caplog.at_level("INFO", logger="sanbao.notify"):
        ConsoleSmsBackend().send(phone="+8613912341234", text="您的产品已修好。")
    [record] = caplog.records
    assert record.name == "sanbao.notify"
    assert record.getMessage() == "SMS to 139****1234: 您的产品已修好。"
    assert "13912341234" not in caplog.text


def test_it_texts_through_the_backend_the_setting_names(settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingSmsBackend"
    sent_texts.clear()
    sms_send(phone="+8613912341234", text="Ready.")
    assert sent_texts == [("+8613912341234", "Ready.")]


def test_it_uses_the_console_backends_by_default():
    assert mail_settings.SMS_BACKEND == "sanbao.notify.channels.ConsoleSmsBackend"


# Settings


@pytest.fixture
def mail_environment():
    """Sets variables and re-reads the mail settings module; restores both afterwards."""
    patch = pytest.MonkeyPatch()
    names = (
        "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL", "SMS_BACKEND",
    )  # fmt: skip
    for name in names:
        patch.delenv(name, raising=False)

    def read(**variables: str):
        for name, value in variables.items():
            patch.setenv(name, value)
        return importlib.reload(mail_settings)

    yield read
    patch.undo()
    importlib.reload(mail_settings)


def test_it_reads_the_smtp_settings(mail_environment):
    module = mail_environment(
        EMAIL_BACKEND="smtp", EMAIL_HOST="smtp.example.com", EMAIL_PORT="587",
        EMAIL_HOST_USER="sanbao", EMAIL_HOST_PASSWORD="secret", EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="TOP <service@top.example>",
    )  # fmt: skip
    assert module.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (module.EMAIL_HOST, module.EMAIL_PORT, module.EMAIL_USE_TLS) == (
        "smtp.example.com",
        587,
        True,
    )
    assert (module.EMAIL_HOST_USER, module.EMAIL_HOST_PASSWORD) == ("sanbao", "secret")
    assert module.DEFAULT_FROM_EMAIL == "TOP <service@top.example>"


def test_it_defaults_to_the_console(mail_environment):
    module = mail_environment()
    assert module.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert module.SMS_BACKEND == "sanbao.notify.channels.ConsoleSmsBackend"


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"SMS_BACKEND": "carrier-pigeon"}, "SMS_BACKEND"),
        ({"EMAIL_BACKEND": "sendmail"}, "EMAIL_BACKEND"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_SSL"),
        ({"EMAIL_BACKEND": "smtp"}, "DEFAULT_FROM_EMAIL"),
    ],
)
def test_it_rejects_a_bad_mail_setting(mail_environment, variables, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        mail_environment(**variables)


def test_it_stops_startup_on_an_unknown_sms_backend():
    result = subprocess.run(
        [sys.executable, "-m", "sanbao", "check"],
        env={**os.environ, "SMS_BACKEND": "carrier-pigeon"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "SMS_BACKEND='carrier-pigeon' is not one of: console." in result.stderr
