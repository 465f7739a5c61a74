"""A Decision as plain data in the active language (API, CLI, stored snapshots)."""

from typing import Any

from django.utils import timezone

from sanbao.policy import Decision
from sanbao.warranty import labels


def _text(en: str, zh: str) -> str:
    return zh if labels.zh_active() else en


def decision_as_dict(decision: Decision) -> dict[str, Any]:
    return {
        "coverage": decision.coverage,
        "coverage_label": labels.label(labels.COVERAGE, decision.coverage),
        "remedies": list(decision.remedies),
        "remedy_labels": [labels.label(labels.REMEDIES, r) for r in decision.remedies],
        "recommended": decision.recommended,
        "serious": decision.serious,
        "warranty_ends": decision.warranty_ends,
        "charges": [
            {
                "kind": charge.kind,
                "kind_label": labels.label(labels.CHARGE_KINDS, charge.kind),
                "payer": charge.payer,
                "payer_label": labels.label(labels.PAYERS, charge.payer),
                "basis": charge.basis,
                "basis_label": labels.label(labels.CHARGE_BASES, charge.basis),
                "clause_id": charge.clause_id,
            }
            for charge in decision.charges
        ],
        "reasons": [
            {
                "clause_id": reason.clause_id,
                "policy_id": reason.policy_id,
                "text": _text(reason.en, reason.zh),
                "text_en": reason.en,
                "text_zh": reason.zh,
            }
            for reason in decision.reasons
        ],
        "deadlines": [
            {
                "kind": deadline.kind,
                "label": labels.label(labels.DEADLINES, deadline.kind),
                "clause_id": deadline.clause_id,
                "due_on": deadline.due_on,
                "due_at": timezone.localtime(deadline.due_at) if deadline.due_at else None,
                "working_days": deadline.working_days,
                "estimated": deadline.estimated,
            }
            for deadline in decision.deadlines
        ],
        "hazards": [
            {
                "fault_code": hazard.fault_code,
                "clause_id": hazard.clause_id,
                "text": _text(hazard.en, hazard.zh),
                "text_en": hazard.en,
                "text_zh": hazard.zh,
            }
            for hazard in decision.hazards
        ],
        "policy_id": decision.policy_id,
        "policy_version": decision.policy_version,
        "law_id": decision.law_id,
        "law_version": decision.law_version,
    }
