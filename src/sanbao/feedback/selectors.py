"""Reads of the feedback app: an invitation by its link's token; the follow-ups and
responses a staff member may see."""

from django.db.models import Case, QuerySet, Value, When
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.config.errors import DomainError
from sanbao.feedback.models import FollowUp, SurveyInvitation, SurveyResponse
from sanbao.feedback.tokens import TOKEN_MAX_LENGTH, token_digest


def invitation_by_token(*, token: str) -> SurveyInvitation:
    """The invitation whose link carries this token; 404 `survey_not_found` otherwise."""
    invitation = None
    if 0 < len(token) <= TOKEN_MAX_LENGTH:
        invitation = (
            SurveyInvitation.objects.select_related("survey", "brand")
            .filter(token_hash=token_digest(token))
            .first()
        )
    if invitation is None:
        raise DomainError("survey_not_found", _("This survey link is not valid."), status=404)
    return invitation


def _outlet_bound(user: User) -> bool:
    """Staff of an outlet other than headquarters see their own outlet's feedback only."""
    return bool(user.outlet_id and user.outlet and not user.outlet.is_hq)


def follow_ups_visible(*, user: User) -> QuerySet[FollowUp]:
    """The follow-ups of the user's brands (of their outlet, for an outlet's staff), open
    first, newest first."""
    if not user.has_perm("feedback.view_followup"):
        return FollowUp.objects.none()
    follow_ups = FollowUp.objects.filter(brand__in=user_brands(user=user))
    if _outlet_bound(user):
        follow_ups = follow_ups.filter(outlet_id=user.outlet_id)
    open_first = Case(When(status=FollowUp.Status.OPEN, then=Value(0)), default=Value(1))
    return follow_ups.select_related(
        "brand", "outlet", "closed_by", "response__invitation__order",
        "response__invitation__batch", "response__dealer",
    ).order_by(open_first.asc(), "-opened_at")  # fmt: skip


def follow_ups_filter(*, user: User, status: str = "") -> QuerySet[FollowUp]:
    follow_ups = follow_ups_visible(user=user)
    return follow_ups.filter(status=status) if status else follow_ups


def responses_visible(*, user: User) -> QuerySet[SurveyResponse]:
    """The answers given about the user's brands (their outlet's, for an outlet's staff)."""
    if not user.has_perm("feedback.view_surveyresponse"):
        return SurveyResponse.objects.none()
    responses = SurveyResponse.objects.filter(brand__in=user_brands(user=user))
    if _outlet_bound(user):
        responses = responses.filter(outlet_id=user.outlet_id)
    return responses.select_related("brand", "outlet", "dealer", "model")
