"""The public warranty check: what a serial is, its warranty, its channel and any recall.

Nothing personal is read or returned: no owner, no dealer name, no claim.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sanbao.catalog.models import Unit
from sanbao.catalog.recall_scopes import ActiveRecall, unit_recall
from sanbao.catalog.serials import serial_checked
from sanbao.catalog.unit_lookup import UnitRecord, units_by_serial
from sanbao.config.errors import DomainError
from sanbao.policy import Policy, warranty_end, warranty_months
from sanbao.policy.codes import Category
from sanbao.warranty.selectors import policy_get, working_calendar

# The dates a warranty may count from, best evidence first.
BASES = ("sold_on", "shipped_on", "produced_on")
BATTERY_CATEGORIES = {"power_bank", "headphones"}


@dataclass(frozen=True, slots=True)
class WarrantyEnd:
    basis: str
    start: date
    ends_on: date
    in_warranty: bool


@dataclass(frozen=True, slots=True)
class SerialStatus:
    unit: UnitRecord
    policy: Policy
    months: int
    ends: tuple[WarrantyEnd, ...]
    channel_flag: str | None
    channel_clause: str | None
    recall: ActiveRecall | None

    @property
    def has_battery(self) -> bool:
        return self.unit.category in BATTERY_CATEGORIES


def serial_warranty_status(*, serial: str, brand: str | None, today: date) -> SerialStatus:
    """DomainError: 422 malformed serial, 404 unknown, 409 when brands share the serial."""
    serial = serial_checked(serial)
    found = units_by_serial(serial=serial, brand_code=(brand or "")[:20].lower())
    if not found:
        raise DomainError(
            "unknown_serial",
            _("No unit with serial %(serial)s is registered.") % {"serial": serial},
            status=404,
        )
    if len(found) > 1:
        shared = Unit.objects.filter(serial=serial).values_list("brand__code", flat=True)
        brands = ", ".join(sorted(shared))
        message = _("Several brands use this serial; choose one of: %(brands)s.") % {
            "brands": brands
        }
        raise DomainError("ambiguous_serial", message, status=409, fields={"brand": message})
    unit = found[0]
    policy = policy_get(policy_id=unit.policy_id)
    category: Category = unit.category  # type: ignore[assignment]
    months = warranty_months(policy, category, unit.warranty_months)
    calendar = working_calendar()
    ends = []
    for basis in BASES:
        start = getattr(unit, basis)
        if start is None:
            continue
        end = warranty_end(
            policy,
            calendar,
            category=category,
            start=start,
            model_months=unit.warranty_months,
        )
        ends.append(WarrantyEnd(basis=basis, start=start, ends_on=end, in_warranty=today <= end))
    flag = unit.channel_flag()
    clause = policy.exclusions.get("unauthorised_channel") if flag else None
    return SerialStatus(
        unit=unit,
        policy=policy,
        months=months,
        ends=tuple(ends),
        channel_flag=flag,
        channel_clause=clause,
        recall=unit_recall(unit=unit, day=today),
    )
