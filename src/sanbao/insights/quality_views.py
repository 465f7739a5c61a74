"""The quality watch list: the p-chart of one model, the flagged batches of all, each
batch's evidence, and the recall draft a manager starts from it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import ProductionBatch, Recall
from sanbao.config.errors import DomainError
from sanbao.insights.charts import Board
from sanbao.insights.exports import CONTENT_TYPES, chart_download
from sanbao.insights.quality import (
    QualityScopeForm,
    batch_evidence,
    batch_failure_rates,
    chart_model,
    quality_board,
    watch_list,
)
from sanbao.insights.recall_drafts import may_start_recall, open_recalls_covering
from sanbao.insights.recall_drafts import recall_draft_start as draft_start
from sanbao.insights.scope import Scope
from sanbao.insights.views import dashboards_for
from sanbao.service.models import IntakePhoto
from sanbao.service.uploads import thumbnail_of

VIEW = "insights.view_quality"
WATCH_LIST_SHOWN = 50  # the worst; the API gives them all
PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _filters(request: SignedInRequest) -> tuple[QualityScopeForm, Scope | None]:
    form = QualityScopeForm(request.GET, user=request.user)
    return form, form.scope() if form.is_valid() else None


def _open_recalls(batch_ids: list[int]) -> dict[int, Recall]:
    """The open recall naming each batch, if any (one query)."""
    links = Recall.batches.through.objects.filter(
        productionbatch_id__in=batch_ids, recall__status__in=(Recall.Status.DRAFT,
                                                             Recall.Status.ACTIVE),
    ).select_related("recall")  # fmt: skip
    return {link.productionbatch_id: link.recall for link in links}


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def watch_list_page(request: SignedInRequest) -> HttpResponse:
    form, scope = _filters(request)
    board, watched, model_id = Board(), [], None
    if scope is not None:
        rates = batch_failure_rates(scope)
        model_id = scope.model_id or chart_model(rates)
        board = quality_board(scope, model_id, rates=rates)
        watched = watch_list(scope, rates=rates)
    shown = watched[:WATCH_LIST_SHOWN]
    recalls = _open_recalls([rate.batch.pk for rate in shown])
    context = {
        "dashboards": dashboards_for(request), "dashboard": {"slug": "quality"},
        "quality_page": True, "form": form, "scope": scope, "board": board,
        "watched": [(rate, recalls.get(rate.batch.pk)) for rate in shown],
        "watched_total": len(watched),
        "query": request.GET.urlencode(), "generated_at": timezone.now(),
    }  # fmt: skip
    return render(request, "insights/quality.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def chart_export(request: SignedInRequest, chart: str, file_format: str) -> HttpResponse:
    """The p-chart's table as CSV or XLSX (the dashboards' export link shape)."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    form, scope = _filters(request)
    if scope is None:
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
            status=400, content_type="text/plain; charset=utf-8",
        )  # fmt: skip
    rates = batch_failure_rates(scope)
    found = quality_board(scope, scope.model_id or chart_model(rates), rates=rates).chart(chart)
    if found is None:
        raise Http404
    name = f"quality-{chart}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}"
    return chart_download(found, file_format=file_format, name=name)


def _batch(request: SignedInRequest, pk: int) -> ProductionBatch:
    batch = (
        ProductionBatch.objects.select_related("model__brand")
        .filter(pk=pk, model__brand__in=user_brands(user=request.user))
        .first()
    )  # fmt: skip
    if batch is None:
        raise Http404
    return batch


def batch_url(batch: ProductionBatch, query: str = "") -> str:
    url = reverse("insights:quality_batch", args=[batch.pk])
    return f"{url}?{query}" if query else url


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def batch_page(request: SignedInRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    form, scope = _filters(request)
    if scope is None:  # a broken period in the link: show the default one
        form = QualityScopeForm({}, user=request.user)
        form.is_valid()
        scope = form.scope()
    context: dict[str, Any] = {
        "batch": batch, "model": batch.model, "scope": scope,
        "evidence": batch_evidence(batch, scope),
        "recalls": list(open_recalls_covering(batch)),
        "may_start_recall": may_start_recall(request.user),
        "query": request.GET.urlencode(), "quality_page": True,
    }  # fmt: skip
    return render(request, "insights/quality_batch.html", context)


@login_required
@require_POST
def recall_draft_start(request: SignedInRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(VIEW) or not may_start_recall(request.user):
        raise PermissionDenied
    batch = _batch(request, pk)
    _form, scope = _filters(request)
    period = (scope.start, scope.end) if scope else None
    try:
        recall = draft_start(batch_id=batch.pk, by=request.user, period=period)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(batch_url(batch, request.GET.urlencode()))
    messages.success(
        request,
        _("Recall draft %(code)s started: check the cause and the remedy, then activate it.")
        % {"code": recall.code},
    )
    return redirect("web:object_edit:recalls", recall.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def intake_photo(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """An order's intake photo, as evidence of a batch's faults (the user's brands only);
    `?thumb=1` for a small JPEG made on the fly (intake photos have no stored thumbnail)."""
    photo = (
        IntakePhoto.objects.filter(pk=pk, order__brand__in=user_brands(user=request.user))
        .only("image", "extension")
        .first()
    )  # fmt: skip
    if photo is None or not photo.image:
        raise Http404
    response: HttpResponseBase
    if request.GET.get("thumb"):
        with photo.image.open("rb") as stored:
            response = HttpResponse(thumbnail_of(stored.read()), content_type="image/jpeg")
    else:
        content_type = PHOTO_TYPES.get(photo.extension, "image/jpeg")
        response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
