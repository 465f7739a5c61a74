"""Insights store nothing of their own: they read the other apps' tables. This model exists
only to carry the permissions that open the dashboards and the quality watch list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dashboard(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")
        permissions = [
            ("view_dashboards", _("Can see the dashboards")),
            ("view_quality", _("Can see the quality watch list")),
            ("start_recall", _("Can start a recall from a flagged batch")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
