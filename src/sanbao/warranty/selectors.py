"""Reads for the warranty engine: the bundled policies and the working calendar in force."""

import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from sanbao.config.errors import DomainError
from sanbao.policy import Policy, WorkingCalendar, bundled_policies
from sanbao.warranty.models import WorkingCalendarOverride

LAW_ID = "prc-law"
CALENDAR_VERSION_KEY = "warranty:calendar-version"


@dataclass
class _CalendarCache:
    version: int | None = None
    calendar: WorkingCalendar | None = None


_calendar_cache = _CalendarCache()
_calendar_lock = threading.Lock()


def law_policy() -> Policy:
    return bundled_policies()[LAW_ID]


def brand_policies() -> list[Policy]:
    return [policy for policy in bundled_policies().values() if policy.kind == "brand"]


def policy_get(*, policy_id: str) -> Policy:
    policy = bundled_policies().get(policy_id)
    if policy is None or policy.kind != "brand":
        raise DomainError(
            "unknown_policy",
            _("There is no warranty policy “%(policy)s”.") % {"policy": policy_id[:40]},
            status=422,
            fields={
                "policy": _("Choose one of: %(ids)s.")
                % {"ids": ", ".join(p.id for p in brand_policies())}
            },
        )
    return policy


def working_calendar() -> WorkingCalendar:
    """The statutory calendar with the admins' overrides; rebuilt when they change."""
    version = cache.get(CALENDAR_VERSION_KEY, 0)
    current = _calendar_cache
    if current.calendar is not None and current.version == version:
        return current.calendar
    with _calendar_lock:
        overrides = dict(WorkingCalendarOverride.objects.values_list("date", "is_working_day"))
        current.calendar, current.version = WorkingCalendar(overrides), version
        return current.calendar


def calendar_cache_clear() -> None:
    _calendar_cache.version = None
