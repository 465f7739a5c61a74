"""The vocabulary of the worked cases: a claim builder, the expected charges and remedies.

Every expected value in the tables was worked out from the clause texts and the 2025/2026
State Council holiday notices, not read off the engine. Dates: 2026-03-02 is a Monday.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from sanbao.policy import Facts

D = date.fromisoformat
P = "2026-03-02"  # the usual purchase date: Monday; +7 = 9 Mar, +10 = 12 Mar, +15 = 17 Mar
OLD = "2023-05-05"  # bought long ago: out of every warranty by 2026

FREE = frozenset(
    {
        ("freight_in", "brand", "free"),
        ("freight_out", "brand", "free"),
        ("parts", "brand", "free"),
        ("labour", "brand", "free"),
    }
)
# TOP-4.2: parts at mass-production cost, discounted delivery, no labour charged.
TOP_PAID = frozenset(
    {
        ("freight_in", "customer", "discounted_rate"),
        ("freight_out", "customer", "discounted_rate"),
        ("parts", "customer", "mass_production_cost"),
        ("labour", "brand", "free"),
    }
)
ROMOSS_PAID = frozenset(
    {
        ("freight_in", "customer", "customer"),
        ("freight_out", "customer", "customer"),
        ("parts", "customer", "standard_price"),
        ("labour", "customer", "standard_rate"),
    }
)
NO_REASON = frozenset({("freight_in", "customer", "customer")})  # CRPL-25: customer pays
TESTING = frozenset({("testing", "shipper", "actual_testing")})  # ROMOSS-IV.B2
NONE: frozenset[tuple[str, str, str]] = frozenset()

ANY = ("refund", "replace", "repair")
SWAP = ("replace", "repair")
FIX = ("repair",)
PAID = ("paid_repair", "reject")
REJECT = ("reject",)

DEADLINE_CLAUSES = {
    "repair_due": "TOP-3.2",
    "return_cycle_due": "ROMOSS-IV.5",
    "damage_report_due": "ROMOSS-V.1",
    "return_window_ends": "3G-7",
    "replacement_window_ends": "3G-15",
    "no_reason_return_ends": "CRPL-25",
    "brand_replacement_ends": "TOP-1.1",
}


def facts(claim: str, purchase: str | None = P, **rest) -> Facts:
    for name in ("delivery_date", "replacement_date", "received_on"):
        if isinstance(rest.get(name), str):
            rest[name] = D(rest[name])
    return Facts(
        category=rest.pop("category", "power_bank"),
        fault_code=rest.pop("fault", "no_charge"),
        claim_date=D(claim),
        purchase_date=D(purchase) if purchase else None,
        **rest,
    )


@dataclass(frozen=True)
class Case:
    policy: str
    facts: Facts
    coverage: str
    remedies: tuple[str, ...]
    cites: tuple[str, ...] = ()
    not_cited: tuple[str, ...] = ()
    charges: frozenset[tuple[str, str, str]] | None = None
    deadlines: dict[str, date | datetime] = field(default_factory=dict)
    estimated: dict[str, bool] = field(default_factory=dict)
    no_deadlines: tuple[str, ...] = ()
    hazards: tuple[str, ...] = ()


def case(case_id: str, policy: str, the_facts: Facts, coverage: str, remedies, **expected):
    return pytest.param(Case(policy, the_facts, coverage, remedies, **expected), id=case_id)


def days(**kinds: str) -> dict[str, date | datetime]:
    return {kind: D(day) for kind, day in kinds.items()}
