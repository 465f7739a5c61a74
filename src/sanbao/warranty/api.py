"""API of the warranty engine."""

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router

from sanbao.accounts.http import SignedInRequest
from sanbao.warranty import services
from sanbao.warranty.presenters import decision_as_dict
from sanbao.warranty.schemas import DecisionOut, FactsIn

router = Router(tags=["warranty"])


@router.post(
    "/decisions",
    response=DecisionOut,
    summary="Decide a claim: facts → coverage, remedies, charges, deadlines, reasons",
)
def decision_create(request: SignedInRequest, payload: FactsIn) -> dict[str, Any]:
    if not request.user.has_perm("warranty.simulate_decision"):
        raise PermissionDenied
    facts = payload.model_dump(exclude={"policy"})
    decision = services.warranty_decide(policy_id=payload.policy, facts=facts)
    return decision_as_dict(decision)
