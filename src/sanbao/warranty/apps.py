"""Warranty app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarrantyConfig(AppConfig):
    name = "sanbao.warranty"
    label = "warranty"
    verbose_name = _("Warranty")
