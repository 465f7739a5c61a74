"""Email (Django's mail settings) and the SMS backend of the notification outbox."""

from django.core.exceptions import ImproperlyConfigured

from sanbao.config.env import env_bool, env_int, env_str

# Short names in the environment, dotted paths in settings: the console backends print what
# would be sent, so a fresh checkout never mails or texts anyone.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_SMS_BACKENDS = {"console": "sanbao.notify.channels.ConsoleSmsBackend"}


def _backend_name(name: str, choices: dict[str, str]) -> str:
    value = (env_str(name, "console") or "console").lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(sorted(choices))}.")
    return value


_email_backend = _backend_name("EMAIL_BACKEND", _EMAIL_BACKENDS)
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_HOST = env_str("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are both on; use TLS (STARTTLS, port 587) or SSL "
        "(port 465), not both."
    )
# A stalled mail server must not hold a delivery worker for long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)

_from = env_str("DEFAULT_FROM_EMAIL")
if _from is None and _email_backend == "smtp":
    raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must be set when EMAIL_BACKEND=smtp.")
DEFAULT_FROM_EMAIL = _from or "Sanbao <noreply@localhost>"

SMS_BACKEND = _SMS_BACKENDS[_backend_name("SMS_BACKEND", _SMS_BACKENDS)]
