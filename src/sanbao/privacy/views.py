"""Staff pages of privacy: retention schedules with the dry run and the purge log, and a
customer's data-subject requests made at the desk on their behalf."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.selectors import user_brands
from sanbao.customers.models import Customer
from sanbao.customers.selectors import brand_customers
from sanbao.documents.rendering import pdf_render
from sanbao.privacy.models import DataSubjectRequest, PurgeRun
from sanbao.privacy.purge import purge_preview
from sanbao.privacy.requests import (
    customer_export,
    data_request_erase,
    data_request_export,
    request_holds_text,
)


@login_required
@permission_required("privacy.view_purgerun", raise_exception=True)
@require_GET
def retention(request: SignedInRequest) -> HttpResponse:
    brands = set(user_brands(user=request.user).values_list("pk", flat=True))
    preview = [
        (work, count)
        for work, count in purge_preview()
        if work.brand is None or work.brand.pk in brands
    ]
    runs = PurgeRun.objects.prefetch_related("entries__brand").select_related("started_by")[:20]
    return render(
        request,
        "privacy/retention.html",
        {"preview": preview, "runs": runs, "today": timezone.localdate()},
    )


@login_required
@permission_required("privacy.add_purgerun", raise_exception=True)
@require_POST
def purge_start(request: SignedInRequest) -> HttpResponse:
    from sanbao.privacy.tasks import purge_now

    user_id = request.user.pk
    transaction.on_commit(lambda: purge_now(user_id))
    messages.success(request, _("The purge has started; its log appears below when it ends."))
    return redirect("privacy:retention")


def _customer(request: SignedInRequest, pk: int) -> Customer:
    customer = (
        brand_customers(brands=user_brands(user=request.user))
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )
    if customer is None:
        raise Http404
    return customer


@login_required
@permission_required("privacy.add_datasubjectrequest", raise_exception=True)
@require_POST
def customer_export_download(request: SignedInRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in EXPORT_KINDS:
        raise Http404
    customer = _customer(request, pk)
    data_request_export(customer=customer, via="staff", by=request.user, where=request.path)
    return export_response(customer, kind, language=request.LANGUAGE_CODE)


@login_required
@permission_required("privacy.add_datasubjectrequest", raise_exception=True)
@require_POST
def customer_erase(request: SignedInRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    done = data_request_erase(customer=customer, via="staff", by=request.user, where=request.path)
    if done.status == DataSubjectRequest.Status.DONE:
        messages.success(request, _("The customer's personal data has been erased."))
    else:
        reasons = " ".join(request_holds_text(done))
        messages.warning(request, _("Deletion must wait: %(reasons)s") % {"reasons": reasons})
    return redirect("web:object_detail:customers", pk)


EXPORT_KINDS = ("json", "pdf")


def export_response(customer: Customer, kind: str, *, language: str) -> HttpResponse:
    """The customer's data as JSON, or its summary as a PDF in the reader's language."""
    content = customer_export(customer=customer)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if kind == "json":
        body = json.dumps(content, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
    else:
        pdf = pdf_render(
            template="privacy/export.html",
            context={"data": content, "printed": timezone.localtime()},
            language=language,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
