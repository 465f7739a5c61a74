"""The batch's printed documents as PDF downloads, in the language asked for."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from sanbao.accounts.http import SignedInRequest
from sanbao.returns.models import BatchStatus
from sanbao.returns.views import batch_for_page


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def _language(request: SignedInRequest) -> str:
    language = request.GET.get("lang") or get_language()
    if language not in ("en", "zh-hans"):
        raise Http404
    return language


@login_required
@require_GET
def packing_list(request: SignedInRequest, number: str) -> HttpResponse:
    batch = batch_for_page(request, number)
    language = _language(request)
    from sanbao.returns import documents  # WeasyPrint loads only where a PDF is printed

    pdf = documents.packing_list_pdf(batch=batch, language=language)
    return _pdf(pdf, f"{batch.number}-packing-list-{language}")


@login_required
@require_GET
def fault_labels(request: SignedInRequest, number: str) -> HttpResponse:
    batch = batch_for_page(request, number)
    if batch.status == BatchStatus.DRAFT:
        raise Http404
    language = _language(request)
    from sanbao.returns import documents

    return _pdf(
        documents.fault_labels_pdf(batch=batch, language=language), f"{batch.number}-labels"
    )


@login_required
@require_GET
def delivery_list(request: SignedInRequest, number: str, shipment: str) -> HttpResponse:
    batch = batch_for_page(request, number)
    found = batch.shipments.filter(number=shipment.upper()).first()
    if found is None:
        raise Http404
    language = _language(request)
    from sanbao.returns import documents

    pdf = documents.delivery_list_pdf(shipment=found, language=language)
    return _pdf(pdf, f"{found.number}-{language}")
