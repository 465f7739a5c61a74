"""Admin-edited corrections to the statutory working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingCalendarOverride(models.Model):
    """One day declared working or rest, overriding the holiday tables (e.g. a new notice)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("working-calendar override")
        verbose_name_plural = _("working-calendar overrides")
        permissions = [
            ("simulate_decision", _("Can ask the warranty engine for decisions")),
            ("view_policies", _("Can read the warranty policies")),
        ]

    def __str__(self) -> str:
        state = _("working day") if self.is_working_day else _("rest day")
        return f"{self.date:%Y-%m-%d} · {state}"
