"""Retention schedules: for each brand and kind of record, how long personal data is kept
and the clause that says so — the brand's policy where it states a period, else the law's."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand
from sanbao.policy import Policy
from sanbao.policy.calendar import add_months
from sanbao.warranty.selectors import law_policy, policy_get


@dataclass(frozen=True)
class RecordType:
    code: str
    label: Promise
    erased: Promise  # what the purge blanks
    kept: Promise  # what stays for warranty, recall and statistics
    starts: Promise  # when the clock starts


SERVICE_ORDER = RecordType(
    "service_order", _("Service orders"),
    _("customer's signature, proof of purchase"),
    _("serial, model, batch, fault, findings, outcome, charges, dates"),
    _("when the order closed"),
)  # fmt: skip
CUSTOMER = RecordType(
    "customer", _("Customers"),
    _("name, phone, email, street address, district, messages sent to them"),
    _("province and city, language, the orders and units linked to the record"),
    _("when the last of their orders is purged; without orders, from their registration"),
)  # fmt: skip
RETURN_BATCH = RecordType(
    "return_batch", _("Return batches"),
    _("contact person and phone"),
    _("units, serials, faults, inspection results, dates, delivery lists"),
    _("when the batch closed"),
)  # fmt: skip
DAMAGE_CLAIM = RecordType(
    "damage_claim", _("Damage declarations"),
    _("courier's name, phone and work number; the signed application form and delivery note"),
    _("models, quantities, damage photos, decision, dates"),
    _("when the declaration was decided"),
)  # fmt: skip
RECORD_TYPES = (SERVICE_ORDER, CUSTOMER, RETURN_BATCH, DAMAGE_CLAIM)
BY_CODE = {record.code: record for record in RECORD_TYPES}


@dataclass(frozen=True)
class Schedule:
    brand: Brand
    record: RecordType
    months: int
    policy: Policy  # the policy whose clause sets the period
    clause_id: str

    def kept_until(self, today: date) -> date:
        """Records whose clock started before this day are past their period."""
        return add_months(today, -self.months)

    def cutoff(self, today: date) -> datetime:
        return timezone.make_aware(datetime.combine(self.kept_until(today), time.min))

    @property
    def clause_text(self) -> str:
        clause = self.policy.clause(self.clause_id)
        return clause.zh if _language_is_chinese() else clause.en


def brand_schedules(*, brand: Brand) -> list[Schedule]:
    """The brand's schedule for each kind of record that belongs to a brand."""
    policy = policy_get(policy_id=brand.policy_id)
    source = policy if policy.retention is not None else law_policy()
    retention = source.retention
    assert retention is not None  # the law always states one
    return [
        Schedule(brand, record, retention.months, source, retention.clause)
        for record in (SERVICE_ORDER, RETURN_BATCH, DAMAGE_CLAIM)
    ]


def customer_schedule(*, brands: list[Brand]) -> Schedule | None:
    """Customers are shared by brands: their record waits for the longest period of all."""
    schedules = [s for brand in brands for s in brand_schedules(brand=brand)]
    if not schedules:
        return None
    longest = max(schedules, key=lambda s: s.months)
    return Schedule(longest.brand, CUSTOMER, longest.months, longest.policy, longest.clause_id)


def _language_is_chinese() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("zh")
