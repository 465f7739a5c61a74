"""API of the quality early warning: the watch list, and a recall draft from a batch."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from sanbao.accounts.http import SignedInRequest
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.errors import DomainError
from sanbao.insights.quality import BatchRate, QualityScopeForm, watch_list
from sanbao.insights.recall_drafts import recall_draft_start
from sanbao.insights.scope import Scope

router = Router(tags=["insights"])
VIEW = "insights.view_quality"


class PeriodQuery(Schema):
    start: date | None = Field(None, description="First day faults were reported")
    end: date | None = Field(None, description="Last day (default: today; at most 3 years)")


class WatchListQuery(PeriodQuery):
    brand: int | None = Field(None, description="A brand's id (default: all your brands)")
    model: int | None = Field(None, description="A product model's id (default: all models)")


class WatchedBatchOut(Schema):
    batch_id: int
    batch_code: str
    model_id: int
    model_sku: str
    produced_from: date
    produced_to: date
    units_shipped: int
    confirmed_faults: int
    hazard_faults: dict[str, int] = Field(description="Fault code → count")
    rate_per_mille: float | None
    centre_line_per_mille: float | None
    ucl_per_mille: float | None
    lcl_per_mille: float | None
    reasons: list[str] = Field(description="above_ucl, hazard")
    why: str


class WatchListOut(Schema):
    start: date
    end: date
    count: int
    items: list[WatchedBatchOut]


class RecallDraftOut(Schema):
    id: int
    code: str
    status: str


def _scope(request: SignedInRequest, filters: PeriodQuery) -> Scope:
    data = {name: value for name, value in filters.model_dump().items() if value is not None}
    form = QualityScopeForm(data, user=request.user)
    if not form.is_valid():
        raise DomainError(
            "invalid_input", _("Some fields are missing or not valid."), status=422,
            fields={name: " ".join(map(str, errors)) for name, errors in form.errors.items()},
        )  # fmt: skip
    return form.scope()


def _watched(rate: BatchRate) -> dict[str, Any]:
    batch = rate.batch
    return {
        "batch_id": batch.pk, "batch_code": batch.code, "model_id": batch.model_id,
        "model_sku": batch.model.sku, "produced_from": batch.produced_from,
        "produced_to": batch.produced_to, "units_shipped": rate.n,
        "confirmed_faults": rate.confirmed, "hazard_faults": dict(rate.hazard_faults),
        "rate_per_mille": rate.per_mille("p"), "centre_line_per_mille": rate.per_mille("p_bar"),
        "ucl_per_mille": rate.per_mille("ucl"), "lcl_per_mille": rate.per_mille("lcl"),
        "reasons": list(rate.reasons), "why": rate.why,
    }  # fmt: skip


@router.get(
    "/quality/watch-list", response={200: WatchListOut, 403: ErrorOut, 422: ErrorOut},
    summary="Flagged production batches, worst first",
    description="Batches whose failure rate (confirmed faults reported in the period ÷ units "
    "shipped) is above their model's upper control limit, or with a hazard fault.",
)  # fmt: skip
def quality_watch_list(request: SignedInRequest, filters: Query[WatchListQuery]) -> dict[str, Any]:
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    scope = _scope(request, filters)
    items = [_watched(rate) for rate in watch_list(scope)]
    return {"start": scope.start, "end": scope.end, "count": len(items), "items": items}


@router.post(
    "/quality/batches/{batch_id}/recall-draft",
    response={201: RecallDraftOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Start a draft recall of a production batch",
    description="The draft names the batch as its scope and the evidence of the period "
    "(`start`, `end`; default the last twelve months) as its cause. 409 recall_exists when "
    "an open recall already covers the batch.",
)  # fmt: skip
def quality_recall_draft(
    request: SignedInRequest, batch_id: int, filters: Query[PeriodQuery]
) -> Status[dict[str, Any]]:
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    scope = _scope(request, filters)
    recall = recall_draft_start(batch_id=batch_id, by=request.user, period=(scope.start, scope.end))
    return Status(201, {"id": recall.pk, "code": recall.code, "status": recall.status})
