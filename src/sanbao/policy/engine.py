"""`decide`: facts + brand policy + law → an explained decision. Pure and deterministic."""

from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Final

from sanbao.policy.calendar import WorkingCalendar, add_months
from sanbao.policy.checks import facts_check
from sanbao.policy.codes import (
    FAULTS,
    INSPECTION_EXCLUSIONS,
    NO_FAULT,
    REMEDY_ORDER,
    Category,
    Coverage,
    Remedy,
    is_battery_hazard,
)
from sanbao.policy.facts import Facts
from sanbao.policy.floor import statutory_floor, window_start
from sanbao.policy.outcome import Charge, ChargeKind, Deadline, Decision, Hazard, Payer, Reason
from sanbao.policy.rules import ChargeRule, Policy

_DEFAULT_CALENDAR: Final = WorkingCalendar()
_REASONS: dict[tuple[int, int], tuple[Policy, Policy, dict[str, Reason]]] = {}


def _reasons_of(policy: Policy, law: Policy) -> dict[str, Reason]:
    """Every clause of the brand policy and the law as a ready Reason (built once per pair)."""
    cached = _REASONS.get((id(policy), id(law)))
    if cached is None or cached[0] is not policy or cached[1] is not law:
        reasons = {
            c.id: Reason(clause_id=c.id, policy_id=source.id, en=c.en, zh=c.zh)
            for source in (law, policy)
            for c in source.clauses.values()
        }
        cached = _REASONS[(id(policy), id(law))] = (policy, law, reasons)
    return cached[2]


class _Ruling:
    """Collects the clauses cited, once each, in the order they decided."""

    __slots__ = ("cited", "known")

    def __init__(self, policy: Policy, law: Policy) -> None:
        self.known = _reasons_of(policy, law)
        self.cited: dict[str, Reason] = {}

    def cite(self, clause_id: str | None) -> None:
        if clause_id is not None and clause_id not in self.cited:
            self.cited[clause_id] = self.known[clause_id]

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(self.cited.values())


def _charges(rule: ChargeRule | None, payer_if_paid: Payer) -> tuple[Charge, ...]:
    if rule is None:
        return ()
    charges: list[Charge] = []
    bases: tuple[tuple[ChargeKind, str | None], ...] = (
        ("freight_in", rule.freight),
        ("freight_out", rule.freight),
        ("parts", rule.parts),
        ("labour", rule.labour),
        ("testing", rule.testing),
    )
    for kind, basis in bases:
        if basis is not None:
            payer: Payer = "brand" if basis == "free" else payer_if_paid
            charges.append(Charge(kind, payer, basis, rule.clause))
    return tuple(charges)


@cache
def _free_charges(clause: str) -> tuple[Charge, ...]:
    return tuple(
        Charge(kind, "brand", "free", clause)
        for kind in ("freight_in", "freight_out", "parts", "labour")
    )


def warranty_months(policy: Policy, category: Category, model_months: int | None) -> int:
    """The brand's warranty for a category, as a model's own warranty changes it."""
    months = policy.warranty_months[category]
    if model_months is None:
        return months
    return max(months, model_months) if policy.model_warranty == "longer_only" else model_months


def warranty_end(
    policy: Policy,
    calendar: WorkingCalendar,
    *,
    category: Category,
    start: date,
    model_months: int | None = None,
    days_in_repair: int = 0,
) -> date:
    """The last day of the warranty started on `start` (moved off a holiday)."""
    months = warranty_months(policy, category, model_months)
    end = add_months(start, months) + timedelta(days=days_in_repair)
    return calendar.next_working_day(end)


def _warranty_ends(facts: Facts, policy: Policy, calendar: WorkingCalendar) -> date | None:
    start = facts.replacement_date or facts.purchase_date
    if start is None:
        return None
    return warranty_end(
        policy,
        calendar,
        category=facts.category,
        start=start,
        model_months=facts.model_warranty_months,
        days_in_repair=facts.days_in_repair,
    )


def _brand_exclusions(facts: Facts, policy: Policy) -> list[str]:
    found: list[str] = []
    evidence = policy.evidence
    if evidence is not None:
        if evidence.authorised_channel and not facts.authorised_channel:
            found.append("unauthorised_channel")
        if (evidence.warranty_card and not facts.has_warranty_card) or (
            evidence.proof_of_purchase and not facts.has_proof_of_purchase
        ):
            found.append("missing_evidence")
        if evidence.card_matches_unit and not facts.card_matches_unit:
            found.append("card_mismatch")
    if facts.exclusions:
        found += sorted(code for code in facts.exclusions if code in policy.exclusions)
    return [code for code in found if code in policy.exclusions] if found else found


def _deadline(
    calendar: WorkingCalendar, kind: str, clause: str, day: date, working_days: int | None = None
) -> Deadline:
    return _dated(kind, clause, day, working_days, calendar.is_estimated(day))


@lru_cache(maxsize=65536)
def _dated(
    kind: str, clause: str, day: date, working_days: int | None, estimated: bool
) -> Deadline:
    return Deadline(kind, clause, due_on=day, working_days=working_days, estimated=estimated)


def decide(
    facts: Facts, policy: Policy, law: Policy, *, calendar: WorkingCalendar | None = None
) -> Decision:
    """What the customer or dealer is owed, why, by when, and at whose cost."""
    facts_check(facts)
    calendar = calendar or _DEFAULT_CALENDAR
    ruling = _Ruling(policy, law)
    fault = FAULTS[facts.fault_code]
    hazards: tuple[Hazard, ...] = ()
    if is_battery_hazard(fault.code, facts.category) and law.hazard_clause is not None:
        text = law.clauses[law.hazard_clause]
        hazards = (Hazard(fault.code, text.id, text.en, text.zh),)
    deadlines = _process_deadlines(facts, policy, calendar)

    def decision(
        coverage: Coverage,
        remedies: tuple[Remedy, ...],
        charges: tuple[Charge, ...],
        warranty_ends: date | None = None,
        extra: tuple[Deadline, ...] = (),
    ) -> Decision:
        for clause_id in dict.fromkeys(charge.clause_id for charge in charges):
            ruling.cite(clause_id)
        every_deadline = deadlines + extra
        for deadline in every_deadline:
            ruling.cite(deadline.clause_id)
        for hazard in hazards:
            ruling.cite(hazard.clause_id)
        return Decision(
            coverage=coverage,
            remedies=remedies,
            recommended=remedies[0],
            charges=charges,
            reasons=ruling.reasons,
            deadlines=every_deadline,
            hazards=hazards,
            policy_id=policy.id,
            policy_version=policy.version,
            law_id=law.id,
            law_version=law.version,
            warranty_ends=warranty_ends,
            serious=fault.serious,
        )

    if facts.region != law.jurisdiction or facts.region in policy.excluded_regions:
        ruling.cite(policy.scope_clause)
        ruling.cite(law.scope_clause)
        return decision("not_applicable", ("reject",), ())
    warranty_ends = _warranty_ends(facts, policy, calendar)
    in_warranty = warranty_ends is not None and facts.claim_date <= warranty_ends
    floor = statutory_floor(facts, law, calendar, in_warranty)
    if facts.recall is not None:
        # The recall's remedy whatever the warranty says, and never less than the law's floor.
        ruling.cite(law.recall_clause)
        offered = {facts.recall.remedy, *floor.remedies}
        if facts.recall.alternative is not None:
            offered.add(facts.recall.alternative)
        for clause in floor.remedies.values():
            ruling.cite(clause)
        recalled = tuple(r for r in REMEDY_ORDER if r in offered)
        return decision("recall", recalled, _free_charges(law.recall_clause or ""))
    excluded = _brand_exclusions(facts, policy)
    defect = fault.code != NO_FAULT

    brand_remedies: dict[Remedy, str] = {}
    replacement_last = None
    start = window_start(facts)
    if not excluded and defect and start is not None:
        if policy.replacement_days and policy.replacement_clause:
            replacement_last = calendar.period_end(start, policy.replacement_days)
            if facts.claim_date <= replacement_last:
                brand_remedies["replace"] = policy.replacement_clause
        if in_warranty and policy.remedies_clause:
            for remedy in policy.in_warranty_remedies:
                brand_remedies.setdefault(remedy, policy.remedies_clause)

    free = tuple(r for r in REMEDY_ORDER if r in brand_remedies or r in floor.remedies)
    extra: list[Deadline] = []
    charges: tuple[Charge, ...]
    if free:
        for code in excluded:  # the brand would exclude, but the law's floor still applies
            ruling.cite(policy.exclusions[code])
        for remedy in free:
            ruling.cite(brand_remedies.get(remedy))
            ruling.cite(floor.remedies.get(remedy))
        if in_warranty:
            ruling.cite(policy.warranty_clause)
            _cite_warranty_adjustments(facts, law, ruling)
        for also in floor.also_cited:
            ruling.cite(also)
        if floor.remedies:
            ruling.cite(law.three_guarantees.counting_clause if law.three_guarantees else None)
        for kind, window_clause, last in floor.windows:
            extra.append(_deadline(calendar, kind, window_clause, last))
        if replacement_last and "replace" in brand_remedies and policy.replacement_clause:
            extra.append(
                _deadline(
                    calendar, "brand_replacement_ends", policy.replacement_clause, replacement_last
                )
            )
        if floor.no_reason_only and not brand_remedies:
            no_reason_clause = next(iter(floor.remedies.values()))
            charges = (Charge("freight_in", "customer", "customer", no_reason_clause),)
        else:
            charges = _in_warranty_charges(policy, law, floor.remedies)
        if warranty_ends and in_warranty:
            extra.append(
                _deadline(calendar, "warranty_ends", policy.warranty_clause or "", warranty_ends)
            )
        extra += _repair_due(facts, policy, calendar, fault.serious, free)
        return decision("in_warranty", free, charges, warranty_ends, tuple(extra))

    paid = _charges(policy.charges.get("out_of_warranty"), "customer")
    if defect and not facts.has_proof_of_purchase and law.three_guarantees is not None:
        ruling.cite(law.three_guarantees.proof_clause)  # why the law's windows gave nothing
    if "missing_evidence" in excluded and policy.evidence is not None:
        ruling.cite(policy.evidence.clause)
    if excluded or (facts.exclusions & INSPECTION_EXCLUSIONS and not in_warranty):
        for code in excluded:
            ruling.cite(policy.exclusions[code])
        if not excluded:
            ruling.cite(policy.warranty_clause)
        remedies: tuple[Remedy, ...] = ("paid_repair", "reject")
        extra += _repair_due(facts, policy, calendar, fault.serious, remedies)
        return decision("excluded", remedies, paid, warranty_ends, tuple(extra))
    if not defect:
        ruling.cite(policy.warranty_clause)
        testing = policy.charges.get("untested_return")
        charges = ()
        if facts.context == "dealer_return" and testing is not None:
            ruling.cite(testing.clause)
            charges = _charges(testing, "shipper")
        status: Coverage = "in_warranty" if in_warranty else "out_of_warranty"
        return decision(status, ("reject",), charges, warranty_ends)
    ruling.cite(policy.warranty_clause)
    ruling.cite(policy.exclusions.get("warranty_expired"))
    if policy.charges.get("out_of_warranty"):
        ruling.cite(policy.charges["out_of_warranty"].clause)
    remedies = ("paid_repair", "reject")
    extra += _repair_due(facts, policy, calendar, fault.serious, remedies)
    return decision("out_of_warranty", remedies, paid, warranty_ends, tuple(extra))


def _cite_warranty_adjustments(facts: Facts, law: Policy, ruling: _Ruling) -> None:
    three = law.three_guarantees
    if three is None:
        return
    if facts.replacement_date is not None:
        ruling.cite(three.restart_clause)
    if facts.days_in_repair > 0:
        ruling.cite(three.repair_time_clause)


def _in_warranty_charges(
    policy: Policy, law: Policy, by_law: dict[Remedy, str]
) -> tuple[Charge, ...]:
    rule = policy.charges.get("in_warranty")
    clause = rule.clause if rule else ""
    if by_law and law.defect_return is not None and law.defect_return.freight == "seller":
        clause = clause or law.defect_return.clause
    return _free_charges(clause)


def _repair_due(
    facts: Facts,
    policy: Policy,
    calendar: WorkingCalendar,
    serious: bool,
    remedies: tuple[Remedy, ...],
) -> list[Deadline]:
    service = policy.service
    if service is None or not serious:
        return []
    if "repair" not in remedies and "paid_repair" not in remedies:
        return []
    days = service.serious_repair_working_days
    due = calendar.add_working_days(facts.claim_date, days)
    return [_deadline(calendar, "repair_due", service.serious_repair_clause, due, days)]


def _process_deadlines(
    facts: Facts, policy: Policy, calendar: WorkingCalendar
) -> tuple[Deadline, ...]:
    found: list[Deadline] = []
    returns = policy.returns
    if facts.context == "dealer_return" and facts.received_on and returns is not None:
        days = returns.cycle_working_days
        due = calendar.add_working_days(facts.received_on, days)
        found.append(_deadline(calendar, "return_cycle_due", returns.cycle_clause, due, days))
    if facts.signed_for_at is not None and policy.damage is not None:
        due_at = calendar.hours_after(facts.signed_for_at, policy.damage.report_hours)
        found.append(Deadline("damage_report_due", policy.damage.clause, due_at=due_at))
    return tuple(found)
