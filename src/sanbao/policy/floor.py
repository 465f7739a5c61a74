"""The statutory floor: what the law alone gives for a claim, with the clauses that give it."""

from datetime import date
from typing import NamedTuple

from sanbao.policy.calendar import WorkingCalendar
from sanbao.policy.codes import INSPECTION_EXCLUSIONS, NO_FAULT, Remedy
from sanbao.policy.facts import Facts
from sanbao.policy.rules import Policy


class Floor(NamedTuple):  # a tuple: built on every decision, so cheap to make
    remedies: dict[Remedy, str]  # remedy → clause id of the law that gives it
    no_reason_only: bool  # the only ground is a no-reason return (customer pays the freight)
    windows: tuple[tuple[str, str, date], ...]  # (kind, clause id, last day) still open
    also_cited: tuple[str, ...] = ()  # clauses that share the ground (e.g. CRPL-24)


_NO_FLOOR = Floor({}, False, ())


def window_start(facts: Facts) -> date | None:
    """Online sales count from receipt of the goods, shop sales from the sale."""
    if facts.sales_channel == "online":
        return facts.delivery_date or facts.purchase_date
    return facts.purchase_date


def floor_applies(facts: Facts) -> bool:
    """The law's windows need a proven purchase of a defect-free-handled unit from a seller."""
    return (
        facts.has_proof_of_purchase
        and facts.authorised_channel
        and facts.purchase_date is not None
        and not (facts.exclusions & INSPECTION_EXCLUSIONS)
    )


def statutory_floor(
    facts: Facts, law: Policy, calendar: WorkingCalendar, in_warranty: bool
) -> Floor:
    remedies: dict[Remedy, str] = {}
    windows: list[tuple[str, str, date]] = []
    start = window_start(facts)
    three = law.three_guarantees
    if three is None or start is None or not floor_applies(facts):
        return _NO_FLOOR
    claim = facts.claim_date
    no_reason = law.no_reason_return
    if (
        no_reason is not None
        and facts.sales_channel in no_reason.channels
        and (facts.good_condition or not no_reason.requires_good_condition)
    ):
        last = calendar.period_end(start, no_reason.days)
        if claim <= last:
            remedies["refund"] = no_reason.clause
            windows.append(("no_reason_return_ends", no_reason.clause, last))
    defect = facts.fault_code != NO_FAULT
    also: list[str] = []
    defect_return = law.defect_return
    if (
        defect
        and defect_return is not None
        and claim <= calendar.period_end(start, defect_return.days)
    ):
        also.append(defect_return.clause)
    if defect:
        return_last = calendar.period_end(start, three.return_days)
        replace_last = calendar.period_end(start, three.replace_days)
        if claim <= return_last:
            remedies["refund"] = three.return_clause
            remedies.setdefault("replace", three.return_clause)
            remedies.setdefault("repair", three.return_clause)
            windows.append(("return_window_ends", three.return_clause, return_last))
        if claim <= replace_last:
            remedies.setdefault("replace", three.replace_clause)
            remedies.setdefault("repair", three.replace_clause)
            windows.append(("replacement_window_ends", three.replace_clause, replace_last))
        if in_warranty and facts.prior_failed_repairs >= three.failed_repairs_for_replacement:
            remedies.setdefault("replace", three.failed_repairs_clause)
            remedies.setdefault("refund", three.failed_repairs_clause)
    only_no_reason = set(remedies.values()) == {no_reason.clause} if no_reason else False
    if defect and remedies and defect_return is not None and defect_return.freight == "seller":
        also.append(defect_return.clause)
    return Floor(remedies, only_no_reason, tuple(windows), tuple(dict.fromkeys(also)))
