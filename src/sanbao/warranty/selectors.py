"""Reads for the warranty engine: the bundled policies and the working calendar in force."""

from django.utils.translation import gettext as _

from sanbao.config.errors import DomainError
from sanbao.config.shared_memo import SharedMemo
from sanbao.policy import Policy, WorkingCalendar, bundled_policies
from sanbao.warranty.models import WorkingCalendarOverride

LAW_ID = "prc-law"
CALENDAR_VERSION_KEY = "warranty:calendar-version"


CALENDAR_MEMO = SharedMemo(CALENDAR_VERSION_KEY)


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
    calendar: WorkingCalendar = CALENDAR_MEMO.get("calendar", _calendar_build)
    return calendar


def _calendar_build() -> WorkingCalendar:
    overrides = dict(WorkingCalendarOverride.objects.values_list("date", "is_working_day"))
    return WorkingCalendar(overrides)
