"""Privacy app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sanbao.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from sanbao.privacy import admin_log, keys  # noqa: F401  (signal, deploy check)
