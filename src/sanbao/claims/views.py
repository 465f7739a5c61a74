"""Pages of damage declarations: the dealer declares in the dealer portal; the commissioners
review in the staff shell. Evidence files are served only to who may see the declaration."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import User
from sanbao.claims import declaring, review
from sanbao.claims.forms import ContactForm, DecisionForm, DeclarationForm, EvidenceForm
from sanbao.claims.models import ClaimStatus, DamageClaim, EvidenceKind
from sanbao.claims.selectors import claim_get, claims_filter
from sanbao.claims.workflow import may_decide
from sanbao.config.errors import DomainError
from sanbao.notify.models import ContactLogEntry


def _base(user: User) -> str:
    return "portal/dealer_base.html" if user.dealer_id else "web/base.html"


def _claim(request: SignedInRequest, number: str) -> DamageClaim:
    if not (request.user.dealer_id or request.user.has_perm("claims.view_damageclaim")):
        raise PermissionDenied
    try:
        return claim_get(user=request.user, number=number)
    except DomainError:
        raise Http404 from None


def claim_url(claim: DamageClaim) -> str:
    return reverse("claims:claim", args=[claim.number])


def _form_errors(form: Any, error: DomainError) -> None:
    for field, message in error.fields.items():
        form.add_error(field if field in form.fields else None, str(message))
    if not error.fields:
        form.add_error(None, error.message)


@login_required
def claim_list(request: SignedInRequest) -> HttpResponse:
    if not (request.user.dealer_id or request.user.has_perm("claims.view_damageclaim")):
        raise PermissionDenied
    status = request.GET.get("status", "")
    late = {"1": True, "0": False}.get(request.GET.get("late", ""))
    claims = claims_filter(
        user=request.user, status=status if status in ClaimStatus.values else "", late=late
    )
    context = {
        "base": _base(request.user), "claims": claims[:200], "status": status,
        "late": request.GET.get("late", ""), "status_choices": ClaimStatus.choices,
    }  # fmt: skip
    return render(request, "claims/claim_list.html", context)


@login_required
def claim_new(request: SignedInRequest) -> HttpResponse:
    if not request.user.dealer_id:
        raise PermissionDenied
    form = DeclarationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = declaring.claim_create(
                brand=form.cleaned_data["brand"], declaration=form.declaration(), by=request.user
            )
        except DomainError as error:
            _form_errors(form, error)
        else:
            saved = _("Declaration %(number)s saved: attach the evidence, then submit.")
            messages.success(request, saved % {"number": claim.number})
            return redirect(claim_url(claim))
    status = 422 if request.method == "POST" else 200
    return render(
        request, "claims/claim_new.html", {"base": _base(request.user), "form": form}, status=status
    )


def _page(request: SignedInRequest, claim: DamageClaim, **extra: Any) -> dict[str, Any]:
    user = request.user
    mine = user.dealer_id == claim.dealer_id
    return {
        "base": _base(user),
        "claim": claim,
        "lines": claim.lines.select_related("model"),
        "photos": claim.evidence.filter(kind=EvidenceKind.PHOTO),
        "scans": claim.evidence.exclude(kind=EvidenceKind.PHOTO),
        "timeline": claim.events.select_related("by"),
        "contacts": ContactLogEntry.objects.filter(
            topic=f"damage-claim:{claim.number}"
        ).select_related("by"),
        "editable": mine and claim.status == ClaimStatus.DRAFT,
        "evidence_form": extra.get("evidence_form") or EvidenceForm(),
        "decision_form": extra.get("decision_form") or DecisionForm(),
        "contact_form": extra.get("contact_form") or ContactForm(),
        "may_decide": claim.status == ClaimStatus.UNDER_REVIEW
        and may_decide(claim=claim, user=user),
        "may_log": not user.dealer_id,
        "submit_error": extra.get("submit_error"),
    }


@login_required
@require_GET
def claim_detail(request: SignedInRequest, number: str) -> HttpResponse:
    claim = _claim(request, number)
    return render(request, "claims/claim_detail.html", _page(request, claim))


@login_required
@require_POST
def claim_evidence(request: SignedInRequest, number: str) -> HttpResponse:
    claim = _claim(request, number)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            for upload in request.FILES.getlist("file"):
                declaring.claim_evidence_add(number=claim.number, kind=form.cleaned_data["kind"],
                                             upload=upload, by=request.user)  # fmt: skip
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("File attached."))
            return redirect(claim_url(claim))
    claim.refresh_from_db()
    return render(
        request, "claims/claim_detail.html", _page(request, claim, evidence_form=form), status=422
    )


@login_required
@require_POST
def claim_submit(request: SignedInRequest, number: str) -> HttpResponse:
    claim = _claim(request, number)
    try:
        done = declaring.claim_submit(number=claim.number, by=request.user)
    except DomainError as error:
        return render(request, "claims/claim_detail.html",
                      _page(request, claim, submit_error=error.message), status=422)  # fmt: skip
    if not done.late:  # a late one shows its deadline in the page's own alert
        messages.success(
            request,
            _("Submitted: the %(desk)s will review it.") % {"desk": done.get_desk_display()},
        )
    return redirect(claim_url(done))


@login_required
@require_POST
def claim_decide(request: SignedInRequest, number: str) -> HttpResponse:
    claim = _claim(request, number)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            accept = data["decision"] == "accept"
            review.claim_decide(number=claim.number, accept=accept, remedy=data["remedy"],
                                reason=data["reason"], by=request.user)  # fmt: skip
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Decided: the dealer has been told."))
            return redirect(claim_url(claim))
    return render(
        request, "claims/claim_detail.html", _page(request, claim, decision_form=form), status=422
    )


@login_required
@require_POST
def claim_contact(request: SignedInRequest, number: str) -> HttpResponse:
    claim = _claim(request, number)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            review.claim_contact_record(number=claim.number, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Call recorded in the contact log."))
            return redirect(claim_url(claim))
    return render(
        request, "claims/claim_detail.html", _page(request, claim, contact_form=form), status=422
    )


@login_required
@require_GET
def evidence_file(
    request: SignedInRequest, number: str, pk: int, thumb: bool = False
) -> FileResponse:
    claim = _claim(request, number)
    evidence = claim.evidence.filter(pk=pk).first()
    stored = evidence and (evidence.thumbnail if thumb else evidence.file)
    if not stored:
        raise Http404
    content_type = "image/jpeg" if thumb else evidence.content_type  # type: ignore[union-attr]
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def application_form(request: SignedInRequest, number: str) -> HttpResponse:
    claim = _claim(request, number)
    language = request.GET.get("lang") or get_language()
    if language not in ("en", "zh-hans"):
        raise Http404
    from sanbao.claims.documents import application_form_pdf  # WeasyPrint: only when printing

    response = HttpResponse(
        application_form_pdf(claim=claim, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{claim.number}-{language}.pdf"'
    return response
