"""Portal app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "sanbao.portal"
    label = "portal"
    verbose_name = _("Portals")
