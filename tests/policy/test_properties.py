"""Invariants of `decide` over generated claims, for every brand policy."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanbao.policy import Facts, WorkingCalendar, bundled_policies, decide
from sanbao.policy.calendar import add_months
from sanbao.policy.codes import (
    CATEGORIES,
    EXCLUSIONS,
    FAULTS,
    INSPECTION_EXCLUSIONS,
    NO_FAULT,
    REMEDY_ORDER,
    fault_applies,
)

BRANDS = ("top", "romoss")
FREE_REMEDIES = frozenset({"refund", "replace", "repair"})
CALENDAR = WorkingCalendar()
# Mostly in order, sometimes not: enough claims get past the front desk to test the rest.
usually = st.sampled_from((True, True, True, True, False))

examples = settings(max_examples=300, deadline=None)


@st.composite
def claims(draw, floor: bool = False) -> Facts:
    """A valid claim; with `floor`, one the law protects: proven, authorised, CN, a defect."""
    category = draw(st.sampled_from(CATEGORIES))
    faults = [code for code in FAULTS if fault_applies(code, category)]
    if floor:
        faults.remove(NO_FAULT)
    channel = draw(st.sampled_from(("online", "offline")))
    purchase = draw(st.dates(date(2015, 1, 1), date(2030, 12, 31)))
    delivery = None
    if channel == "online" and draw(st.integers(0, 4)):
        delivery = purchase + timedelta(days=draw(st.integers(0, 10)))
    start = delivery or purchase
    offset = draw(st.one_of(st.integers(0, 20), st.integers(0, 1200)))
    claim = start + timedelta(days=offset)
    replacement = None
    if draw(st.integers(0, 3)) == 0:
        replacement = purchase + timedelta(days=draw(st.integers(0, (claim - purchase).days)))
    found = draw(
        st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(sorted(EXCLUSIONS))))
    )
    if floor:
        found -= INSPECTION_EXCLUSIONS
    return Facts(
        category=category,
        claim_date=claim,
        fault_code=draw(st.sampled_from(faults)),
        purchase_date=purchase,
        delivery_date=delivery,
        sales_channel=channel,
        region="CN" if floor else draw(st.sampled_from(("CN",) * 6 + ("HK", "MO", "TW"))),
        model_warranty_months=draw(st.one_of(st.none(), st.integers(1, 36))),
        exclusions=found,
        has_warranty_card=draw(usually),
        has_proof_of_purchase=True if floor else draw(usually),
        card_matches_unit=draw(usually),
        authorised_channel=True if floor else draw(usually),
        good_condition=draw(usually),
        prior_failed_repairs=draw(st.integers(0, 4)),
        replacement_date=replacement,
        days_in_repair=draw(st.one_of(st.just(0), st.integers(0, 60))),
    )


def _decide(facts: Facts, brand: str):
    policies = bundled_policies()
    return decide(facts, policies[brand], policies["prc-law"])


def _in_warranty(facts: Facts, brand: str) -> bool:
    """The three-guarantee period: from purchase or the last replacement (3G-RESTART), plus
    the days in repair (3G-REPAIR-TIME), ending on a working day (Civil Code art. 203)."""
    months = (
        facts.model_warranty_months or bundled_policies()[brand].warranty_months[facts.category]
    )
    start = facts.replacement_date or facts.purchase_date
    assert start is not None
    end = add_months(start, months) + timedelta(days=facts.days_in_repair)
    return facts.claim_date <= CALENDAR.next_working_day(end)


@pytest.mark.parametrize("brand", BRANDS)
@examples
@given(facts=claims())
def test_it_never_charges_the_customer_inside_warranty(brand, facts):
    decision = _decide(facts, brand)
    if decision.coverage != "in_warranty" or facts.fault_code == NO_FAULT:
        return
    no_reason_only = (
        decision.remedies == ("refund",)
        and "CRPL-25" in decision.clause_ids
        and not {"3G-7", "3G-REPAIRS"} & set(decision.clause_ids)
    )
    if no_reason_only:
        return
    charged = [charge for charge in decision.charges if charge.payer == "customer"]
    assert not charged, decision


@pytest.mark.parametrize("brand", BRANDS)
@examples
@given(facts=claims(floor=True))
def test_it_never_decides_below_the_legal_floor(brand, facts):
    decision = _decide(facts, brand)
    start = facts.delivery_date or facts.purchase_date
    if facts.sales_channel == "offline":
        start = facts.purchase_date
    assert start is not None
    if facts.claim_date <= CALENDAR.period_end(start, 7):  # 3G-7, CRPL-24
        assert "refund" in decision.remedies, decision
    if facts.claim_date <= CALENDAR.period_end(start, 15):  # 3G-15
        assert "replace" in decision.remedies, decision
    if facts.prior_failed_repairs >= 2 and _in_warranty(facts, brand):  # 3G-REPAIRS
        assert {"replace", "refund"} <= set(decision.remedies), decision


@pytest.mark.parametrize("brand", BRANDS)
@examples
@given(facts=claims(), later_by=st.one_of(st.integers(1, 20), st.integers(1, 900)))
def test_it_never_widens_coverage_for_a_later_claim(brand, facts, later_by):
    later = replace(facts, claim_date=facts.claim_date + timedelta(days=later_by))
    earlier_free = set(_decide(facts, brand).remedies) & FREE_REMEDIES
    later_free = set(_decide(later, brand).remedies) & FREE_REMEDIES
    assert later_free <= earlier_free


@pytest.mark.parametrize("brand", BRANDS)
@examples
@given(facts=claims())
def test_it_cites_only_clauses_that_exist(brand, facts):
    policy, law = bundled_policies()[brand], bundled_policies()["prc-law"]
    decision = _decide(facts, brand)
    assert decision.reasons, decision
    for reason in decision.reasons:
        source = policy if reason.policy_id == policy.id else law
        assert reason.policy_id in (policy.id, law.id)
        clause = source.clauses[reason.clause_id]
        assert (reason.en, reason.zh) == (clause.en, clause.zh)
    assert len(set(decision.clause_ids)) == len(decision.clause_ids)
    known = set(policy.clauses) | set(law.clauses)
    for item in (*decision.charges, *decision.deadlines, *decision.hazards):
        assert item.clause_id in known, item


@pytest.mark.parametrize("brand", BRANDS)
@examples
@given(facts=claims())
def test_it_decides_the_same_way_every_time(brand, facts):
    policies = bundled_policies()
    first = _decide(facts, brand)
    assert _decide(facts, brand) == first
    fresh = decide(facts, policies[brand], policies["prc-law"], calendar=WorkingCalendar())
    assert fresh == first


@pytest.mark.parametrize("brand", BRANDS)
@examples
@given(facts=claims())
def test_it_recommends_the_most_generous_remedy_first(brand, facts):
    decision = _decide(facts, brand)
    assert decision.remedies
    assert decision.recommended == decision.remedies[0]
    positions = [REMEDY_ORDER.index(remedy) for remedy in decision.remedies]
    assert positions == sorted(set(positions))
