"""What the engine answers: a decision with its reasons, charges, deadlines and hazards."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sanbao.policy.codes import Coverage, Remedy

Payer = Literal["brand", "customer", "shipper"]
ChargeKind = Literal["freight_in", "freight_out", "parts", "labour", "testing"]


@dataclass(frozen=True, slots=True)
class Reason:
    clause_id: str
    policy_id: str
    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class Charge:
    kind: ChargeKind
    payer: Payer
    basis: str  # free, mass_production_cost, discounted_rate, standard_rate, actual_testing…
    clause_id: str


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str  # repair_due, return_cycle_due, damage_report_due, warranty_ends, …
    clause_id: str
    due_on: date | None = None
    due_at: datetime | None = None
    working_days: int | None = None
    estimated: bool = False  # falls in a year with no official holiday notice yet


@dataclass(frozen=True, slots=True)
class Hazard:
    fault_code: str
    clause_id: str
    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class Decision:
    coverage: Coverage
    remedies: tuple[Remedy, ...]
    recommended: Remedy
    charges: tuple[Charge, ...]
    reasons: tuple[Reason, ...]
    deadlines: tuple[Deadline, ...]
    hazards: tuple[Hazard, ...]
    policy_id: str
    policy_version: str
    law_id: str
    law_version: str
    warranty_ends: date | None
    serious: bool

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(reason.clause_id for reason in self.reasons)
