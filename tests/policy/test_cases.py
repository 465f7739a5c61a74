"""Worked claims from the TOP and ROMOSS seed texts and the law, decided by `decide`.

The tables live in `worked_*.py`, one concept per file; expected values there were worked
out from the clause texts and the holiday notices, not read off the engine.
"""

from datetime import datetime

import pytest

from sanbao.policy import Facts, RecallFact, bundled_policies, decide
from sanbao.policy.checks import FactsError
from tests.policy.worked import DEADLINE_CLAUSES, Case, D, P
from tests.policy.worked_claims import EXCLUSIONS, ONLINE, RECALLS_AND_HAZARDS
from tests.policy.worked_service import LAW, SERVICE
from tests.policy.worked_windows import WINDOWS

CASES = WINDOWS + ONLINE + EXCLUSIONS + RECALLS_AND_HAZARDS + LAW + SERVICE


@pytest.mark.parametrize("case", CASES)
def test_it_decides_the_worked_case(case: Case):
    policy, law = bundled_policies()[case.policy], bundled_policies()["prc-law"]
    decision = decide(case.facts, policy, law)
    assert decision.coverage == case.coverage
    assert decision.remedies == case.remedies
    assert decision.recommended == case.remedies[0]
    missing = set(case.cites) - set(decision.clause_ids)
    assert not missing, f"not cited: {sorted(missing)}; cited {decision.clause_ids}"
    wrongly = set(case.not_cited) & set(decision.clause_ids)
    assert not wrongly, f"cited but should not be: {sorted(wrongly)}"
    if case.charges is not None:
        assert {(c.kind, c.payer, c.basis) for c in decision.charges} == case.charges
        assert len(decision.charges) == len(case.charges)
    deadlines = {deadline.kind: deadline for deadline in decision.deadlines}
    for kind, due in case.deadlines.items():
        assert kind in deadlines, f"no {kind}; got {sorted(deadlines)}"
        got = deadlines[kind]
        assert (got.due_at if isinstance(due, datetime) else got.due_on) == due, kind
        expected_clause = DEADLINE_CLAUSES.get(kind, policy.warranty_clause)
        assert got.clause_id == expected_clause, kind
    for kind, estimated in case.estimated.items():
        assert deadlines[kind].estimated is estimated, kind
    for kind in case.no_deadlines:
        assert kind not in deadlines, kind
    assert tuple(h.fault_code for h in decision.hazards) == case.hazards
    assert all(h.clause_id == "DG-BATTERY" for h in decision.hazards)


def test_it_has_at_least_sixty_worked_cases():
    assert len(CASES) >= 60


_ONE_OF_EACH_DEADLINE = (
    "top-offline-day-3-3g7-any-remedy",  # repair_due (TOP-3.2), replacement window (3G-15)
    "romoss-return-cycle-across-national-day-2026",  # return_cycle_due (ROMOSS-IV.5)
    "romoss-damage-report-24-hours-across-a-holiday",  # damage_report_due (ROMOSS-V.1)
)


@pytest.mark.parametrize("case", [param for param in CASES if param.id in _ONE_OF_EACH_DEADLINE])
def test_it_cites_the_clause_behind_every_deadline(case: Case):
    """A decision explains itself: the clause that sets a deadline is among its reasons."""
    policy, law = bundled_policies()[case.policy], bundled_policies()["prc-law"]
    decision = decide(case.facts, policy, law)
    uncited = {d.clause_id for d in decision.deadlines} - set(decision.clause_ids)
    assert not uncited, f"deadlines whose clause is not among the reasons: {sorted(uncited)}"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        pytest.param({"fault_code": "exploded"}, "fault_code", "unknown_fault", id="unknown-fault"),
        pytest.param(
            {"purchase_date": D("2026-06-02")},
            "purchase_date",
            "after_claim",
            id="purchase-after-claim",
        ),
        pytest.param(
            {"category": "cable", "fault_code": "swelling"},
            "fault_code",
            "fault_not_for_category",
            id="battery-fault-on-a-cable",
        ),
        pytest.param(
            {"category": "adapter", "fault_code": "low_capacity"},
            "fault_code",
            "fault_not_for_category",
            id="capacity-fault-on-an-adapter",
        ),
        pytest.param(
            {"exclusions": frozenset({"dropped_in_the_sea"})},
            "exclusions",
            "unknown_exclusion",
            id="unknown-exclusion",
        ),
        pytest.param(
            {"prior_failed_repairs": -1},
            "prior_failed_repairs",
            "negative",
            id="negative-failed-repairs",
        ),
        pytest.param({"days_in_repair": -3}, "days_in_repair", "negative", id="negative-days"),
        pytest.param({"category": "laptop"}, "category", "unknown_category", id="unknown-category"),
        pytest.param(
            {"sales_channel": "door_to_door"},
            "sales_channel",
            "unknown_channel",
            id="unknown-channel",
        ),
        pytest.param(
            {"delivery_date": D("2026-02-27")},
            "delivery_date",
            "before_purchase",
            id="delivered-before-purchase",
        ),
        pytest.param(
            {"model_warranty_months": 0},
            "model_warranty_months",
            "out_of_range",
            id="zero-month-warranty",
        ),
        pytest.param(
            {"recall": RecallFact("X-1", "paid_repair")},
            "recall",
            "unknown_remedy",
            id="recall-with-a-paid-remedy",
        ),
    ],
)
def test_it_refuses_bad_facts_naming_the_field(changes, field, code):
    values = {
        "category": "power_bank",
        "claim_date": D("2026-06-01"),
        "fault_code": "no_charge",
        "purchase_date": D(P),
        **changes,
    }
    with pytest.raises(FactsError) as refused:
        decide(Facts(**values), bundled_policies()["romoss"], bundled_policies()["prc-law"])
    assert (refused.value.field, refused.value.code) == (field, code)


# Clauses that set out workflow duties rather than decide a claim; the workflows that
# enforce them (service register, dealer returns, damage declarations, retention, feedback)
# test them where they are enforced.
WORKFLOW_CLAUSES = {
    "TOP-2", "TOP-3.1", "TOP-5", "TOP-1.5",
    "ROMOSS-II.4", "ROMOSS-IV.1", "ROMOSS-IV.2", "ROMOSS-IV.3", "ROMOSS-IV.4", "ROMOSS-IV.6",
    "ROMOSS-IV.7", "ROMOSS-IV.8", "ROMOSS-IV.B1", "ROMOSS-IV.B3", "ROMOSS-IV.B4",
    "ROMOSS-IV.B5", "ROMOSS-IV.B6", "ROMOSS-V.2", "ROMOSS-VI.1", "ROMOSS-VI.2",
    "ROMOSS-VI.3", "PIPL-19", "PIPL-47",
}  # fmt: skip


def test_it_shows_every_deciding_clause_deciding_a_worked_case():
    policies = bundled_policies()
    cited = set()
    for param in CASES:
        case = param.values[0]
        cited |= set(decide(case.facts, policies[case.policy], policies["prc-law"]).clause_ids)
    every = {clause for policy in policies.values() for clause in policy.clauses}
    unexercised = every - cited - WORKFLOW_CLAUSES
    assert not unexercised, f"no worked case cites: {sorted(unexercised)}"
