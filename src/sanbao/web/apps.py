"""Web (staff shell) app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "sanbao.web"
    label = "web"
    verbose_name = _("Staff site")
