"""Claims app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "sanbao.claims"
    label = "claims"
    verbose_name = _("Damage declarations")
