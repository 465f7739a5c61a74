"""API of data-subject requests: a customer proves their phone with an SMS code and gets a
copy of their data or its erasure (public, rate-limited); staff do the same on their behalf."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.selectors import user_brands
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.rate_limit import api_rate_limited
from sanbao.customers.selectors import brand_customers
from sanbao.privacy.models import DataSubjectRequest
from sanbao.privacy.phone_codes import phone_code_send, phone_code_verify
from sanbao.privacy.requests import (
    customer_export,
    data_request_erase,
    data_request_export,
    request_holds_text,
)

router = Router(tags=["privacy"])
CODES = ("privacy-code", "PHONE_CODE_LIMIT", "PHONE_CODE_WINDOW_SECONDS")
PUBLIC = {422: ErrorOut, 429: ErrorOut}


class PhoneIn(Schema):
    phone: str = Field(max_length=40, description="The mobile number the customer gave")


class CodeSentOut(Schema):
    detail: str = "If the number is in our records, a code was sent by SMS."


class RequestIn(Schema):
    kind: Literal["export", "erase"]


class ProvenRequestIn(PhoneIn, RequestIn):
    code: str = Field(max_length=12, description="The six digits sent by SMS")


class RequestOut(Schema):
    kind: str
    status: str = Field(description="done, or waiting for a legal hold to end")
    holds: list[str] = Field(description="Why deletion must wait, in the request's language")
    data: dict[str, Any] | None = Field(description="The customer's personal data (export)")


@router.post(
    "/privacy/phone-codes", auth=None, response={202: CodeSentOut, **PUBLIC},
    summary="Send a verification code to a customer's phone (public)",
    description="The answer is the same whether or not the number is known.",
)  # fmt: skip
@api_rate_limited(*CODES)
def phone_code_create(request: HttpRequest, payload: PhoneIn) -> Status[dict[str, Any]]:
    phone_code_send(phone=payload.phone)
    return Status(202, {})


@router.post(
    "/privacy/data-requests", auth=None, response={200: RequestOut, **PUBLIC},
    summary="A customer's own request: a copy of their data, or its erasure (public)",
    description="Needs the code sent to the phone; a code works once. Wrong or expired → "
    "422 `wrong_code`.",
)  # fmt: skip
@api_rate_limited(*CODES)
def data_request_create(request: HttpRequest, payload: ProvenRequestIn) -> dict[str, Any]:
    customer = phone_code_verify(phone=payload.phone, code=payload.code)
    return _handled(request, customer, payload.kind, via="portal", by=None)


@router.post(
    "/customers/{customer_id}/data-requests",
    response={200: RequestOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Staff make a customer's request on their behalf",
)  # fmt: skip
def customer_data_request_create(
    request: SignedInRequest, customer_id: int, payload: RequestIn
) -> dict[str, Any]:
    if not request.user.has_perm("privacy.add_datasubjectrequest"):
        raise PermissionDenied
    customer = (
        brand_customers(brands=user_brands(user=request.user))
        .filter(pk=customer_id, erased_at__isnull=True)
        .first()
    )
    if customer is None:
        raise Http404
    return _handled(request, customer, payload.kind, via="staff", by=request.user)


def _handled(
    request: HttpRequest, customer: Any, kind: str, *, via: str, by: Any
) -> dict[str, Any]:
    if kind == "export":
        done = data_request_export(customer=customer, via=via, by=by, where=request.path)
        data: dict[str, Any] | None = customer_export(customer=customer)
    else:
        done = data_request_erase(customer=customer, via=via, by=by, where=request.path)
        data = None
    waiting = done.status == DataSubjectRequest.Status.WAITING
    holds = request_holds_text(done) if waiting else []
    return {"kind": done.kind, "status": done.status, "holds": holds, "data": data}
