"""Privacy app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sanbao.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from sanbao.privacy import keys  # noqa: F401  (registers the deploy check)
