"""Surveys and follow-ups as plain data (API), in the active language."""

from typing import Any

from django.utils.translation import get_language

from sanbao.feedback.models import FollowUp, SurveyInvitation


def survey_as_dict(invitation: SurveyInvitation) -> dict[str, Any]:
    survey = invitation.survey
    return {
        "brand": invitation.brand.name,
        "audience": survey.audience,
        "language": get_language(),
        "intro": survey.text("intro"),
        "questions": {
            "csat": survey.text("csat"),
            "nps": survey.text("nps"),
            "fixed_first_visit": survey.text("first_visit"),
            "comment": survey.text("comment"),
        },
        "expires_at": invitation.expires_at,
        "answered": invitation.answered_at is not None,
    }


def follow_up_as_dict(follow_up: FollowUp) -> dict[str, Any]:
    response = follow_up.response
    invitation = response.invitation
    subject = invitation.order or invitation.batch
    return {
        "id": follow_up.pk,
        "status": follow_up.status,
        "brand": follow_up.brand.code,
        "outlet": follow_up.outlet.code,
        "reason": follow_up.reason,
        "about": subject.number if subject else "",
        "dealer": response.dealer.code if response.dealer else None,
        "csat": response.csat,
        "nps": response.nps,
        "fixed_first_visit": response.fixed_first_visit,
        "comment": response.comment,
        "opened_at": follow_up.opened_at,
        "outcome": follow_up.outcome,
        "closed_by": follow_up.closed_by.username if follow_up.closed_by else None,
        "closed_at": follow_up.closed_at,
    }
