"""Feedback app configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "sanbao.feedback"
    label = "feedback"
    verbose_name = _("Feedback")
