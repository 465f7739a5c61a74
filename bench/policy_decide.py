"""Benchmark: warranty decisions per second, single-threaded, beside plain date arithmetic.

Decides a 100k stream of mixed cases (both brands; shop and online sales; in and out of
every window; exclusions, evidence gaps, hazards, recalls, failed repairs, dealer returns)
and, in the same run, loops over the same stream doing only the date arithmetic a decision
needs (window ends, warranty end, a working-day deadline) directly on the holiday tables,
without the engine's memo tables. Prints one JSON line.

    .venv/bin/python bench/policy_decide.py [--cases 100000] [--seed 7] [--rounds 5]
"""

import argparse
import json
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from sanbao.policy import Facts, RecallFact, WorkingCalendar, bundled_policies, decide
from sanbao.policy.calendar import _china, add_months
from sanbao.policy.codes import CATEGORIES, FAULTS, INSPECTION_EXCLUSIONS, fault_applies
from sanbao.policy.facts import Category

ONE_DAY = timedelta(days=1)


def _stream(count: int, seed: int) -> list[tuple[str, Facts]]:
    rng = random.Random(seed)
    exclusions = sorted(INSPECTION_EXCLUSIONS)
    cases = []
    for _ in range(count):
        category: Category = rng.choice(CATEGORIES)
        fault = rng.choice([code for code in FAULTS if fault_applies(code, category)])
        purchase = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
        claim = purchase + timedelta(days=rng.choice([3, 6, 8, 10, 12, 20, 90, 400, 800]))
        online = rng.random() < 0.4
        dealer = rng.random() < 0.1
        cases.append(
            (
                rng.choice(["top", "romoss"]),
                Facts(
                    category=category,
                    claim_date=claim,
                    fault_code=fault,
                    purchase_date=purchase,
                    delivery_date=purchase + timedelta(days=2) if online else None,
                    sales_channel="online" if online else "offline",
                    region="CN" if rng.random() < 0.97 else "HK",
                    exclusions=frozenset([rng.choice(exclusions)]) if rng.random() < 0.1 else
                    frozenset(),
                    has_warranty_card=rng.random() < 0.9,
                    has_proof_of_purchase=rng.random() < 0.9,
                    prior_failed_repairs=rng.choice([0, 0, 0, 1, 2]),
                    days_in_repair=rng.choice([0, 0, 5, 30]),
                    recall=RecallFact("R-2025", "replace") if rng.random() < 0.02 else None,
                    context="dealer_return" if dealer else "consumer",
                    received_on=claim if dealer else None,
                    signed_for_at=datetime(2026, 3, 1, 9, tzinfo=UTC) if dealer else None,
                ),
            )
        )  # fmt: skip
    return cases


def _dates_only(cases: list[tuple[str, Facts]]) -> int:
    """The date arithmetic a decision needs, done directly on the holiday tables (no memo):
    the 7- and 15-day window ends, the warranty end, and a 7-working-day deadline."""
    holidays_of = {year: _china(year) for year in range(2023, 2032)}

    def working(day: date) -> bool:
        rest, make_up = holidays_of[day.year]
        return day in make_up or (day.weekday() < 5 and day not in rest)

    def next_working(day: date) -> date:
        while not working(day):
            day += ONE_DAY
        return day

    touched = 0
    for _policy, facts in cases:
        start = facts.delivery_date or facts.purchase_date
        assert start is not None
        touched += next_working(start + timedelta(days=7)) <= facts.claim_date
        touched += next_working(start + timedelta(days=15)) <= facts.claim_date
        touched += next_working(add_months(start, 12)) <= facts.claim_date
        day, left = facts.claim_date, 7
        while left:
            day += ONE_DAY
            left -= working(day)
        touched += day.day
    return touched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    policies = bundled_policies()
    law = policies["prc-law"]
    calendar = WorkingCalendar()
    cases = _stream(args.cases, args.seed)
    for policy_id, facts in cases[:2000]:  # warm the calendar's per-year tables
        decide(facts, policies[policy_id], law, calendar=calendar)
    _dates_only(cases[:2000])

    # Rounds alternate decide and baseline so both see the same machine; medians are shown.
    decide_rounds, baseline_rounds = [], []
    coverages: dict[str, int] = {}
    for _round in range(args.rounds):
        started = time.perf_counter()
        coverages = {}
        for policy_id, facts in cases:
            decision = decide(facts, policies[policy_id], law, calendar=calendar)
            coverages[decision.coverage] = coverages.get(decision.coverage, 0) + 1
        decide_rounds.append(time.perf_counter() - started)
        started = time.perf_counter()
        _dates_only(cases)
        baseline_rounds.append(time.perf_counter() - started)
    decide_seconds = statistics.median(decide_rounds)
    baseline_seconds = statistics.median(baseline_rounds)

    print(
        json.dumps(
            {
                "bench": "policy_decide",
                "cases": args.cases,
                "rounds": args.rounds,
                "decisions_per_second": round(args.cases / decide_seconds),
                "decisions_per_second_best": round(args.cases / min(decide_rounds)),
                "baseline_date_arithmetic_per_second": round(args.cases / baseline_seconds),
                "ratio_decide_to_baseline": round(decide_seconds / baseline_seconds, 2),
                "coverage_mix": coverages,
            }
        )
    )


if __name__ == "__main__":
    main()
