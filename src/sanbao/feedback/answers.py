"""Answering a survey: the link's checks, one claim per invitation, the response, and a
follow-up when a score is low.

The invitation is claimed with one conditional UPDATE (not answered, not expired), so of
two answers sent at the same moment only one counts.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.config.errors import DomainError
from sanbao.feedback.follow_ups import follow_up_open
from sanbao.feedback.models import SurveyInvitation, SurveyResponse
from sanbao.feedback.selectors import invitation_by_token

CSAT_SCORES = range(1, 6)
NPS_SCORES = range(0, 11)
COMMENT_MAX_LENGTH = 2000


def _answered() -> DomainError:
    return DomainError(
        "survey_answered", _("This survey has already been answered. Thank you!"), status=409
    )


def invitation_refusal(invitation: SurveyInvitation, *, now: datetime) -> DomainError | None:
    """Why the link can no longer take an answer (answered, expired); None while it can."""
    if invitation.answered_at is not None:
        return _answered()
    if invitation.expires_at <= now:
        day = timezone.localtime(invitation.expires_at).date().isoformat()
        message = _("This survey link expired on %(date)s.") % {"date": day}
        return DomainError("survey_expired", message, status=410)
    return None


def _comment_checked(*, csat: int, nps: int, comment: str) -> str:
    """The comment, stripped; a 422 naming every answer that is out of range."""
    errors = {}
    if csat not in CSAT_SCORES:
        errors["csat"] = _("Choose a satisfaction score from 1 to 5.")
    if nps not in NPS_SCORES:
        errors["nps"] = _("Choose a recommendation score from 0 to 10.")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = _("Keep the comment under %(limit)s characters.") % {
            "limit": COMMENT_MAX_LENGTH
        }
    if errors:
        raise DomainError("invalid_input", next(iter(errors.values())), status=422, fields=errors)
    return comment


def invitation_claim(*, invitation_id: int, now: datetime) -> bool:
    """Marks the invitation answered if it is still open; False when another answer won."""
    claimed = SurveyInvitation.objects.filter(
        pk=invitation_id, answered_at__isnull=True, expires_at__gt=now
    ).update(answered_at=now)
    return claimed == 1


@transaction.atomic
def survey_answer(
    *, token: str, csat: int, nps: int, fixed_first_visit: bool | None, comment: str
) -> SurveyResponse:
    """Records the answers given through a survey link, once; a low score opens a follow-up."""
    invitation = invitation_by_token(token=token)
    now = timezone.now()
    refusal = invitation_refusal(invitation, now=now)
    if refusal is not None:
        raise refusal
    comment = _comment_checked(csat=csat, nps=nps, comment=comment)
    if not invitation_claim(invitation_id=invitation.pk, now=now):
        invitation.refresh_from_db(fields=["answered_at"])
        raise invitation_refusal(invitation, now=now) or _answered()
    response = SurveyResponse.objects.create(
        invitation=invitation, brand=invitation.brand, outlet=invitation.outlet,
        dealer=invitation.dealer, model=invitation.model, csat=csat, nps=nps,
        fixed_first_visit=fixed_first_visit, comment=comment, answered_at=now,
    )  # fmt: skip
    survey = invitation.survey
    if csat <= survey.low_csat or nps <= survey.low_nps:
        follow_up_open(response=response)
    return response
