"""API of damage declarations: a dealer declares and attaches evidence; a commissioner decides."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import Brand
from sanbao.claims import declaring, review
from sanbao.claims.presenters import claim_as_dict, claim_summary
from sanbao.claims.schemas import (
    ClaimCreateIn,
    ClaimListQuery,
    ClaimOut,
    ClaimPageOut,
    ContactIn,
    DecisionIn,
    DeclarationIn,
)
from sanbao.claims.selectors import claim_get, claims_filter
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.errors import DomainError

router = Router(tags=["damage claims"])
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _declaration(payload: DeclarationIn) -> declaring.Declaration:
    values = payload.model_dump(include=set(DeclarationIn.model_fields) - {"lines"})
    lines = [(line.model, line.quantity) for line in payload.lines]
    return declaring.Declaration(**values, lines=lines)


def _claim(request: SignedInRequest, number: str) -> dict[str, Any]:
    return claim_as_dict(claim_get(user=request.user, number=number))


@router.post("", response={201: ClaimOut, **WRITE}, summary="A dealer's draft declaration")
def claim_create(request: SignedInRequest, payload: ClaimCreateIn) -> Status[dict[str, Any]]:
    brand = Brand.objects.filter(code=payload.brand.strip().lower(), is_active=True).first()
    if brand is None:
        message = _("There is no brand %(code)s.") % {"code": payload.brand[:20]}
        raise DomainError.invalid("brand", message)
    claim = declaring.claim_create(brand=brand, declaration=_declaration(payload), by=request.user)
    return Status(201, _claim(request, claim.number))


@router.get("", response={200: ClaimPageOut, 422: ErrorOut}, summary="Declarations, newest first")
def claim_list(request: SignedInRequest, filters: Query[ClaimListQuery]) -> dict[str, Any]:
    claims = claims_filter(user=request.user, status=filters.status, late=filters.late)
    page = claims[filters.offset : filters.offset + filters.limit]
    return {"count": claims.count(), "items": [claim_summary(claim) for claim in page]}


@router.get("/{number}", response={200: ClaimOut, 404: ErrorOut}, summary="One declaration")
def claim_read(request: SignedInRequest, number: str) -> dict[str, Any]:
    return _claim(request, number)


@router.put("/{number}", response={200: ClaimOut, **WRITE}, summary="Change a draft")
def claim_update(request: SignedInRequest, number: str, payload: DeclarationIn) -> dict[str, Any]:
    declaring.claim_update(number=number, declaration=_declaration(payload), by=request.user)
    return _claim(request, number)


@router.post(
    "/{number}/evidence", response={200: ClaimOut, **WRITE},
    summary="Attach a photo (JPEG, PNG, HEIC, WebP) or a scan (the same, or PDF)",
)  # fmt: skip
def evidence_add(
    request: SignedInRequest,
    number: str,
    file: File[UploadedFile],
    kind: Form[str] = "photo",
) -> dict[str, Any]:
    declaring.claim_evidence_add(number=number, kind=kind, upload=file, by=request.user)
    return _claim(request, number)


@router.post(
    "/{number}/submit", response={200: ClaimOut, **WRITE},
    summary="Submit within 24 hours of signing for the goods",
    description="After the window the declaration is recorded as refused for lateness and "
    "the answer is 409 `late` with the deadline.",
)  # fmt: skip
def claim_submit(request: SignedInRequest, number: str) -> dict[str, Any]:
    claim = declaring.claim_submit(number=number, by=request.user)
    if claim.late:
        message = declaring.late_words(claim)
        raise DomainError(
            "late", message, status=409, fields={"report_due_at": claim.report_due_at.isoformat()}
        )
    return _claim(request, number)


@router.post("/{number}/decision", response={200: ClaimOut, **WRITE}, summary="Accept or reject")
def claim_decide(request: SignedInRequest, number: str, payload: DecisionIn) -> dict[str, Any]:
    review.claim_decide(number=number, by=request.user, **payload.model_dump())
    return _claim(request, number)


@router.post("/{number}/contacts", response={200: ClaimOut, **WRITE}, summary="Log a call or fax")
def claim_contact(request: SignedInRequest, number: str, payload: ContactIn) -> dict[str, Any]:
    review.claim_contact_record(number=number, by=request.user, **payload.model_dump())
    return _claim(request, number)
