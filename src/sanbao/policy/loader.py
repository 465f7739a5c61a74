"""Reads a policy from TOML and refuses, naming the key, anything it does not understand."""

import dataclasses
import difflib
import tomllib
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, cast

from sanbao.policy.codes import CATEGORIES, EXCLUSIONS, REMEDY_ORDER, Remedy
from sanbao.policy.rules import (
    ChargeRule,
    Clause,
    Damage,
    DefectReturn,
    Evidence,
    NoReasonReturn,
    Policy,
    Retention,
    Returns,
    Service,
    ThreeGuarantees,
)

POLICY_DIR = Path(__file__).parent / "policies"
_CHARGE_BASES = frozenset(
    {
        "free",
        "customer",
        "discounted_rate",
        "standard_rate",
        "mass_production_cost",
        "standard_price",
        "actual_testing",
    }
)


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file and the key."""


class _Table:
    """One TOML table, read key by key; leftovers are reported as unknown keys."""

    def __init__(self, data: Any, where: str, file: str) -> None:
        if not isinstance(data, dict):
            raise PolicyError(f"{file}: {where} must be a table")
        self.data: dict[str, Any] = data
        self.where = where
        self.file = file
        self.seen: set[str] = set()

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _fail(self, key: str, problem: str) -> PolicyError:
        return PolicyError(f"{self.file}: {self._name(key)} {problem}")

    def _get(self, key: str, kind: type, required: bool) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if required:
                unseen = [k for k in self.data if k not in self.seen]
                typo = difflib.get_close_matches(key, unseen, n=1, cutoff=0.8)
                if typo:
                    raise self._fail(typo[0], f"is not a known key (did you mean '{key}'?)")
                raise self._fail(key, "is missing")
            return None
        value = self.data[key]
        if kind is int and isinstance(value, bool):
            raise self._fail(key, "must be a whole number")
        if not isinstance(value, kind):
            raise self._fail(key, f"must be {kind.__name__}, not {type(value).__name__}")
        return value

    def text(self, key: str) -> str:
        value = cast(str, self._get(key, str, True))
        if not value.strip():
            raise self._fail(key, "is empty")
        return value

    def optional_text(self, key: str) -> str | None:
        return cast(str | None, self._get(key, str, False))

    def number(self, key: str, minimum: int = 0) -> int:
        value = cast(int, self._get(key, int, True))
        if value < minimum:
            raise self._fail(key, f"must be at least {minimum}")
        return value

    def flag(self, key: str) -> bool:
        return cast(bool, self._get(key, bool, True))

    def day(self, key: str) -> date:
        return cast(date, self._get(key, date, True))

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(key, list, required) or []
        if not all(isinstance(item, str) for item in value):
            raise self._fail(key, "must be a list of strings")
        return tuple(value)

    def table(self, key: str, required: bool = False) -> "_Table | None":
        value = self._get(key, dict, required)
        return None if value is None else _Table(value, self._name(key), self.file)

    def tables(self, key: str) -> Iterator["_Table"]:
        for index, item in enumerate(self._get(key, list, False) or []):
            yield _Table(item, f"{self._name(key)}[{index}]", self.file)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self._fail(unknown[0], "is not a known key")


def _charges(root: _Table) -> dict[str, ChargeRule]:
    section = root.table("charges")
    if section is None:
        return {}
    rules = {}
    for name in ("in_warranty", "out_of_warranty", "untested_return"):
        table = section.table(name)
        if table is None:
            continue
        bases = {kind: table.optional_text(kind) for kind in ("freight", "parts", "labour")}
        bases["testing"] = table.optional_text("testing")
        for kind, basis in bases.items():
            if basis is not None and basis not in _CHARGE_BASES:
                raise PolicyError(f"{root.file}: charges.{name}.{kind} '{basis}' is unknown")
        rules[name] = ChargeRule(clause=table.text("clause"), **bases)
        table.done()
    section.done()
    return rules


def _remedies(table: _Table) -> tuple[Remedy, ...]:
    remedies = table.texts("in_warranty")
    for remedy in remedies:
        if remedy not in REMEDY_ORDER:
            raise PolicyError(f"{table.file}: remedies.in_warranty '{remedy}' is unknown")
    return cast(tuple[Remedy, ...], remedies)


def _parse(root: _Table) -> Policy:
    head = root.table("policy", required=True)
    assert head is not None
    policy_id = head.text("id")
    kind = head.text("kind")
    if kind not in ("brand", "law"):
        raise PolicyError(f"{root.file}: policy.kind must be 'brand' or 'law'")
    clauses: dict[str, Clause] = {}
    for entry in root.tables("clauses"):
        clause = Clause(
            id=entry.text("id"),
            topic=entry.text("topic"),
            en=entry.text("en"),
            zh=entry.text("zh"),
            policy_id=policy_id,
        )
        if clause.id in clauses:
            raise PolicyError(f"{root.file}: clause {clause.id} is defined twice")
        clauses[clause.id] = clause
        entry.done()
    fields: dict[str, Any] = {
        "id": policy_id,
        "kind": kind,
        "version": head.text("version"),
        "effective": head.day("effective"),
        "name_en": head.text("name_en"),
        "name_zh": head.text("name_zh"),
        "jurisdiction": head.text("jurisdiction"),
        "scope_clause": head.text("scope_clause"),
        "excluded_regions": frozenset(head.texts("excluded_regions", required=False)),
        "clauses": clauses,
    }
    head.done()
    table: _Table | None
    if (table := root.table("warranty")) is not None:
        fields["warranty_clause"] = table.text("clause")
        months_table = table.table("months", required=True)
        assert months_table is not None
        fields["warranty_months"] = {c: months_table.number(c, 1) for c in CATEGORIES}
        months_table.done()
        model_warranty = table.optional_text("model_warranty") or "any"
        if model_warranty not in ("any", "longer_only"):
            raise PolicyError(
                f"{root.file}: warranty.model_warranty must be 'any' or 'longer_only'"
            )
        fields["model_warranty"] = model_warranty
        table.done()
    if (table := root.table("replacement")) is not None:
        fields["replacement_clause"] = table.text("clause")
        fields["replacement_days"] = table.number("days", 1)
        table.done()
    if (table := root.table("evidence")) is not None:
        fields["evidence"] = Evidence(
            clause=table.optional_text("clause"),
            warranty_card=table.flag("warranty_card"),
            proof_of_purchase=table.flag("proof_of_purchase"),
            card_matches_unit=table.flag("card_matches_unit"),
            authorised_channel=table.flag("authorised_channel"),
        )
        table.done()
    if (table := root.table("remedies")) is not None:
        fields["in_warranty_remedies"] = _remedies(table)
        fields["remedies_clause"] = table.text("clause")
        fields["replaced_parts_kept_clause"] = table.optional_text("replaced_parts_kept_clause")
        table.done()
    exclusions: dict[str, str] = {}
    for entry in root.tables("exclusions"):
        code = entry.text("code")
        if code not in EXCLUSIONS:
            raise PolicyError(f"{root.file}: {entry.where}.code '{code}' is not an exclusion code")
        exclusions[code] = entry.text("clause")
        entry.done()
    fields["exclusions"] = exclusions
    fields["charges"] = _charges(root)
    if (table := root.table("service")) is not None:
        fields["service"] = Service(
            intake_clause=table.text("intake_clause"),
            signature_clause=table.text("signature_clause"),
            serious_repair_clause=table.text("serious_repair_clause"),
            serious_repair_working_days=table.number("serious_repair_working_days", 1),
            hq_transfer_requires=table.text("hq_transfer_requires"),
            feedback_clause=table.text("feedback_clause"),
        )
        table.done()
    if (table := root.table("returns")) is not None:
        known = {k: v for k, v in table.data.items() if k.endswith("_clause")}
        for key in known:
            table.text(key)
        fields["returns"] = Returns(
            cycle_clause=table.text("cycle_clause"),
            cycle_working_days=table.number("cycle_working_days", 1),
            clauses={k.removesuffix("_clause"): v for k, v in known.items()},
            power_bank_accessories=table.texts("power_bank_accessories"),
        )
        table.done()
    if (table := root.table("damage")) is not None:
        fields["damage"] = Damage(
            clause=table.text("clause"),
            report_hours=table.number("report_hours", 1),
            application_clause=table.text("application_clause"),
            inspection_clauses=table.texts("inspection_clauses"),
        )
        table.done()
    if (table := root.table("retention")) is not None:
        fields["retention"] = Retention(
            clause=table.text("clause"), months=table.number("months", 1)
        )
        table.done()
    _law_sections(root, fields)
    root.done()
    policy = Policy(**fields)
    _check_references(policy, root.file)
    return policy


def _law_sections(root: _Table, fields: dict[str, Any]) -> None:
    table: _Table | None
    if (table := root.table("no_reason_return")) is not None:
        fields["no_reason_return"] = NoReasonReturn(
            clause=table.text("clause"),
            days=table.number("days", 1),
            channels=table.texts("channels"),
            counted_from=table.text("counted_from"),
            requires_good_condition=table.flag("requires_good_condition"),
            return_freight=table.text("return_freight"),
        )
        table.done()
    if (table := root.table("defect_return")) is not None:
        fields["defect_return"] = DefectReturn(
            clause=table.text("clause"), days=table.number("days", 1), freight=table.text("freight")
        )
        table.done()
    if (table := root.table("three_guarantees")) is not None:
        fields["three_guarantees"] = ThreeGuarantees(
            proof_clause=table.text("proof_clause"),
            return_clause=table.text("return_clause"),
            return_days=table.number("return_days", 1),
            replace_clause=table.text("replace_clause"),
            replace_days=table.number("replace_days", 1),
            failed_repairs_clause=table.text("failed_repairs_clause"),
            failed_repairs_for_replacement=table.number("failed_repairs_for_replacement", 1),
            repair_time_clause=table.text("repair_time_clause"),
            restart_clause=table.text("restart_clause"),
            counting_clause=table.text("counting_clause"),
        )
        table.done()
    for section, name in (("recall", "recall_clause"), ("hazards", "hazard_clause")):
        if (table := root.table(section)) is not None:
            fields[name] = table.text("clause")
            table.done()


def _referenced(policy: Policy) -> Iterator[tuple[str, str]]:
    yield "policy.scope_clause", policy.scope_clause
    for name in (
        "warranty_clause",
        "replacement_clause",
        "remedies_clause",
        "replaced_parts_kept_clause",
        "recall_clause",
        "hazard_clause",
    ):
        if (value := getattr(policy, name)) is not None:
            yield name, value
    for code, clause in policy.exclusions.items():
        yield f"exclusions.{code}", clause
    for name, rule in policy.charges.items():
        yield f"charges.{name}.clause", rule.clause
    for section in (
        policy.evidence,
        policy.service,
        policy.damage,
        policy.retention,
        policy.no_reason_return,
        policy.defect_return,
        policy.three_guarantees,
    ):
        if section is None:
            continue
        for name in (item.name for item in dataclasses.fields(section)):
            value = getattr(section, name)
            if name.endswith("clause") and isinstance(value, str):
                yield f"{type(section).__name__}.{name}", value
            if name.endswith("clauses") and isinstance(value, tuple):
                yield from ((f"{type(section).__name__}.{name}", item) for item in value)
    if policy.returns is not None:
        yield "returns.cycle_clause", policy.returns.cycle_clause
        yield from ((f"returns.{k}_clause", v) for k, v in policy.returns.clauses.items())


def _check_references(policy: Policy, file: str) -> None:
    for where, clause_id in _referenced(policy):
        if clause_id not in policy.clauses:
            raise PolicyError(f"{file}: {where} cites clause '{clause_id}', which is not defined")
    if policy.kind == "brand" and not policy.warranty_months:
        raise PolicyError(f"{file}: warranty is missing; a brand policy needs warranty months")
    if policy.kind == "law" and policy.three_guarantees is None:
        raise PolicyError(f"{file}: three_guarantees is missing; the law needs it")


def load_policy(path: Path | str) -> Policy:
    """Load and validate one policy file; PolicyError names the file and the bad key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{path.name}: no such policy file") from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{path.name}: not valid TOML: {error}") from None
    return _parse(_Table(data, "", path.name))


@cache
def bundled_policies() -> dict[str, Policy]:
    """The policies that ship with Sanbao, by id (read once per process)."""
    policies = [load_policy(path) for path in sorted(POLICY_DIR.glob("*.toml"))]
    return {policy.id: policy for policy in policies}
