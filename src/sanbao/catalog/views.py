"""Catalog pages beyond the generic ones: serial uploads, recall actions, claim reviews."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.selectors import user_brands
from sanbao.catalog import claims, recalls
from sanbao.catalog.forms import ClaimReviewForm, RecoveryForm, SerialImportForm
from sanbao.catalog.models import Recall, SerialImport, UnitClaim
from sanbao.catalog.recall_scopes import recall_units
from sanbao.catalog.serial_import import serial_import_start
from sanbao.config.errors import DomainError


def _imports(request: SignedInRequest) -> QuerySet[SerialImport]:
    return SerialImport.objects.filter(brand__in=user_brands(user=request.user))


@login_required
@permission_required("catalog.add_serialimport", raise_exception=True)
def serial_import_new(request: SignedInRequest) -> HttpResponse:
    form = SerialImportForm(request.POST or None, request.FILES or None)
    form.fields["brand"].queryset = user_brands(user=request.user)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            serial_import = serial_import_start(
                brand=form.cleaned_data["brand"], upload=form.cleaned_data["file"], by=request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("web:object_detail:serial-imports", serial_import.pk)
    return render(request, "catalog/serial_import_new.html", {"form": form})


@login_required
@permission_required("catalog.view_serialimport", raise_exception=True)
def serial_import_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    """The progress panel; htmx polls it until the import has finished."""
    serial_import = get_object_or_404(_imports(request), pk=pk)
    return render(request, "catalog/_serial_import_progress.html", {"obj": serial_import})


@login_required
@permission_required("catalog.view_serialimport", raise_exception=True)
def serial_import_errors(request: SignedInRequest, pk: int) -> HttpResponse:
    """The error report as CSV, to fix the file in a spreadsheet."""
    serial_import = get_object_or_404(_imports(request), pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="errors-{serial_import.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly
    writer = csv.writer(response)
    writer.writerow([_("row"), _("column"), _("message")])
    for error in serial_import.errors:
        writer.writerow([error["row"], error["column"], error["message"]])
    return response


def _recall(request: SignedInRequest, pk: int) -> Recall:
    recall = Recall.objects.filter(brand__in=user_brands(user=request.user), pk=pk).first()
    if recall is None:
        raise Http404
    return recall


@login_required
@permission_required("catalog.change_recall", raise_exception=True)
@require_POST
def recall_status(request: SignedInRequest, pk: int) -> HttpResponse:
    recall = _recall(request, pk)
    try:
        recall = recalls.recall_status_set(
            recall=recall, status=request.POST.get("status", ""), by=request.user
        )
        messages.success(request, _("The recall is now %(status)s.") % {
            "status": recall.get_status_display()
        })  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:object_detail:recalls", recall.pk)


@login_required
@permission_required("catalog.change_recall", raise_exception=True)
@require_POST
def recall_outreach(request: SignedInRequest, pk: int) -> HttpResponse:
    recall = _recall(request, pk)
    try:
        queued = recalls.recall_outreach_send(recall=recall, by=request.user)
        messages.success(
            request, _("%(count)s messages to owners are in the outbox.") % {"count": queued}
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:object_detail:recalls", recall.pk)


@login_required
@permission_required("catalog.add_recallrecovery", raise_exception=True)
@require_POST
def recall_recover(request: SignedInRequest, pk: int) -> HttpResponse:
    recall = _recall(request, pk)
    form = RecoveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the serial number and the remedy given."))
        return redirect("web:object_detail:recalls", recall.pk)
    try:
        recovery = recalls.recall_unit_recover(
            recall=recall,
            serial=form.cleaned_data["serial"],
            remedy_given=form.cleaned_data["remedy_given"],
            outlet=request.user.outlet,
            by=request.user,
        )
        messages.success(request, _("Unit %(serial)s is recorded as recovered.") % {
            "serial": recovery.unit.serial
        })  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:object_detail:recalls", recall.pk)


class _Echo:
    """A file that hands back what csv.writer writes, for a streamed response."""

    def write(self, value: str) -> str:
        return value


@login_required
@permission_required("catalog.view_recall", raise_exception=True)
def recall_units_csv(request: SignedInRequest, pk: int) -> StreamingHttpResponse:
    """Every unit in the recall's scope, streamed (a campaign can cover millions)."""
    recall = _recall(request, pk)
    units = recall_units(recall=recall).values_list(
        "serial", "model__sku", "batch__code", "produced_on", "shipped_on", "status"
    )

    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(
            ["serial", "model_sku", "batch", "produced_on", "shipped_on", "status"]
        )
        for row in units.iterator(chunk_size=5_000):
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="recall-{recall.code}-units.csv"'
    return response


@login_required
@permission_required("catalog.review_unitclaim", raise_exception=True)
@require_POST
def claim_review(request: SignedInRequest, pk: int) -> HttpResponse:
    claim = UnitClaim.objects.filter(unit__brand__in=user_brands(user=request.user), pk=pk).first()
    if claim is None:
        raise Http404
    form = ClaimReviewForm(request.POST)
    if form.is_valid():
        try:
            claims.unit_claim_review(
                claim=claim,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
            messages.success(request, _("The review is recorded."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose genuine or fraudulent."))
    return redirect("web:object_detail:unit-claims", claim.pk)
