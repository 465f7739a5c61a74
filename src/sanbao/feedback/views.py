"""The public survey page behind a link (no sign-in, rate-limited, CSRF-protected) and the
staff's "close with what was done" form of a follow-up."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.config.errors import DomainError
from sanbao.config.rate_limit import rate_limited
from sanbao.feedback.answers import CSAT_SCORES, NPS_SCORES, invitation_refusal, survey_answer
from sanbao.feedback.api import SURVEY_LINKS
from sanbao.feedback.follow_ups import follow_up_close as follow_up_record
from sanbao.feedback.forms import FollowUpCloseForm, SurveyAnswerForm
from sanbao.feedback.models import FollowUp, SurveyInvitation
from sanbao.feedback.selectors import follow_ups_visible, invitation_by_token

_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language(request: HttpRequest, invitation: SurveyInvitation) -> str:
    """The language the person chose on this site, else the one the link was sent in."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in _LANGUAGES:
        return translation.get_language() or invitation.language
    return invitation.language


def _link_closed(request: HttpRequest, error: DomainError) -> HttpResponse:
    """Unknown, expired or already answered: a page saying so, with the error's status."""
    response = render(request, "feedback/survey_closed.html", {"error": error}, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


def _survey_context(invitation: SurveyInvitation, form: SurveyAnswerForm) -> dict[str, Any]:
    survey = invitation.survey
    return {
        "invitation": invitation,
        "brand": invitation.brand,
        "intro": survey.text("intro"),
        "questions": {
            name: survey.text(name) for name in ("csat", "nps", "first_visit", "comment")
        },
        "form": form,
        "csat_scores": [str(score) for score in CSAT_SCORES],
        "nps_scores": [str(score) for score in NPS_SCORES],
    }


def _link_limited(request: HttpRequest, error: DomainError, token: str) -> HttpResponse:
    return _link_closed(request, error)


@rate_limited(*SURVEY_LINKS, page=_link_limited)
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    """The questions in the link's language; a posted answer is recorded once."""
    try:
        invitation = invitation_by_token(token=token)
    except DomainError as error:
        return _link_closed(request, error)
    with translation.override(_language(request, invitation)):
        refusal = invitation_refusal(invitation, now=timezone.now())
        if refusal is not None:
            return _link_closed(request, refusal)
        form = SurveyAnswerForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                survey_answer(token=token, **form.cleaned_data)
            except DomainError as error:
                if error.status in (404, 409, 410):
                    return _link_closed(request, error)
                for field, message in error.fields.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("feedback:survey_thanks", token=token)
        status = 422 if form.is_bound else 200
        context = _survey_context(invitation, form)
        return render(request, "feedback/survey.html", context, status=status)


@rate_limited(*SURVEY_LINKS, page=_link_limited)
def survey_thanks(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_by_token(token=token)
    except DomainError as error:
        return _link_closed(request, error)
    if invitation.answered_at is None:
        return redirect("feedback:survey", token=token)
    follow_up = FollowUp.objects.filter(response__invitation=invitation).exists()
    with translation.override(_language(request, invitation)):
        context = {"brand": invitation.brand, "follow_up": follow_up}
        return render(request, "feedback/survey_thanks.html", context)


@login_required
@require_POST
def follow_up_close(request: SignedInRequest, pk: int) -> HttpResponse:
    """Closes a follow-up with what was done; refusals are shown on the form."""
    follow_up = follow_ups_visible(user=request.user).filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    if not request.user.has_perm("feedback.change_followup"):
        raise PermissionDenied
    form = FollowUpCloseForm(request.POST)
    if form.is_valid():
        try:
            follow_up_record(follow_up_id=pk, outcome=form.cleaned_data["outcome"], by=request.user)
        except DomainError as error:
            for field, message in error.fields.items():
                form.add_error(field if field in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("The follow-up is closed."))
            return redirect("web:object_detail:follow-ups", pk)
    context = {"obj": follow_up, "close_form": form}
    return render(request, "feedback/follow_up_close.html", context, status=422)
