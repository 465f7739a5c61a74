"""A policy as loaded from TOML: clauses with their texts, and the rules that cite them."""

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sanbao.policy.codes import Remedy

PolicyKind = Literal["brand", "law"]


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    topic: str
    en: str
    zh: str
    policy_id: str


@dataclass(frozen=True, slots=True)
class ChargeRule:
    clause: str
    freight: str | None = None
    parts: str | None = None
    labour: str | None = None
    testing: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    clause: str | None
    warranty_card: bool
    proof_of_purchase: bool
    card_matches_unit: bool
    authorised_channel: bool


@dataclass(frozen=True, slots=True)
class Service:
    intake_clause: str
    signature_clause: str
    serious_repair_clause: str
    serious_repair_working_days: int
    hq_transfer_requires: str
    feedback_clause: str


@dataclass(frozen=True, slots=True)
class Returns:
    cycle_clause: str
    cycle_working_days: int
    clauses: dict[str, str]  # packing_list, fault_label, cod_refused, … → clause id
    power_bank_accessories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Damage:
    clause: str
    report_hours: int
    application_clause: str
    inspection_clauses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Retention:
    clause: str
    months: int


@dataclass(frozen=True, slots=True)
class NoReasonReturn:
    clause: str
    days: int
    channels: tuple[str, ...]
    counted_from: str
    requires_good_condition: bool
    return_freight: str


@dataclass(frozen=True, slots=True)
class DefectReturn:
    clause: str
    days: int
    freight: str


@dataclass(frozen=True, slots=True)
class ThreeGuarantees:
    proof_clause: str
    return_clause: str
    return_days: int
    replace_clause: str
    replace_days: int
    failed_repairs_clause: str
    failed_repairs_for_replacement: int
    repair_time_clause: str
    restart_clause: str
    counting_clause: str


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    kind: PolicyKind
    version: str
    effective: date
    name_en: str
    name_zh: str
    jurisdiction: str
    scope_clause: str
    clauses: dict[str, Clause]
    excluded_regions: frozenset[str] = frozenset()
    warranty_clause: str | None = None
    warranty_months: dict[str, int] = field(default_factory=dict)
    # "any": a model's own warranty replaces the category's; "longer_only": it can only extend
    model_warranty: str = "any"
    replacement_clause: str | None = None
    replacement_days: int | None = None
    evidence: Evidence | None = None
    in_warranty_remedies: tuple[Remedy, ...] = ()
    remedies_clause: str | None = None
    replaced_parts_kept_clause: str | None = None
    exclusions: dict[str, str] = field(default_factory=dict)  # code → clause id
    charges: dict[str, ChargeRule] = field(default_factory=dict)
    service: Service | None = None
    returns: Returns | None = None
    damage: Damage | None = None
    retention: Retention | None = None
    no_reason_return: NoReasonReturn | None = None
    defect_return: DefectReturn | None = None
    three_guarantees: ThreeGuarantees | None = None
    recall_clause: str | None = None
    hazard_clause: str | None = None

    def clause(self, clause_id: str) -> Clause:
        return self.clauses[clause_id]
