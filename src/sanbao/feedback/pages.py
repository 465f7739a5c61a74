"""Back-office pages of feedback: surveys (wording, thresholds), the answers, and the
follow-ups of low scores with their "close with what was done" form."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.feedback.forms import SURVEY_FIELDS, FollowUpCloseForm, survey_form
from sanbao.feedback.models import FollowUp, Survey, SurveyResponse
from sanbao.feedback.selectors import follow_ups_visible, responses_visible
from sanbao.web.object_pages import ObjectPage


def _survey_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(brand__in=user_brands(user=user)).select_related("brand")


def _response_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return responses_visible(user=user)


def _follow_up_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return follow_ups_visible(user=user)


def _follow_up_context(request: SignedInRequest, follow_up: FollowUp) -> dict[str, Any]:
    response = follow_up.response
    invitation = response.invitation
    may_close = request.user.has_perm("feedback.change_followup")
    return {
        "response": response,
        "order": invitation.order,
        "batch": invitation.batch,
        "customer": invitation.customer,
        "close_form": FollowUpCloseForm() if may_close and follow_up.status == "open" else None,
    }


PAGES = [
    ObjectPage(
        slug="follow-ups",
        model=FollowUp,
        title=_("Follow-ups"),
        permission="feedback.view_followup",
        columns=["status", "reason", "outlet", "brand", "opened_at", "closed_by", "closed_at"],
        detail_fields=[
            "status", "reason", "brand", "outlet", "opened_at", "outcome", "closed_by",
            "closed_at",
        ],
        search_fields=["reason", "outcome", "response__comment"],
        filters=["status", "brand", "outlet"],
        scope=_follow_up_scope,
        detail_template="feedback/_follow_up_detail.html",
        detail_context=_follow_up_context,
    ),
    ObjectPage(
        slug="survey-responses",
        model=SurveyResponse,
        title=_("Survey responses"),
        permission="feedback.view_surveyresponse",
        columns=[
            "answered_at", "brand", "outlet", "dealer", "model", "csat", "nps",
            "fixed_first_visit", "comment",
        ],
        detail_fields=[
            "invitation", "answered_at", "brand", "outlet", "dealer", "model", "csat", "nps",
            "fixed_first_visit", "comment",
        ],
        search_fields=["comment"],
        filters=["brand", "outlet", "dealer", "fixed_first_visit"],
        scope=_response_scope,
        labels={"invitation": _("sent for")},
    ),
    ObjectPage(
        slug="surveys",
        model=Survey,
        title=_("Surveys"),
        permission="feedback.view_survey",
        columns=["brand", "audience", "is_active", "link_valid_days", "low_csat", "low_nps"],
        detail_fields=["brand", "audience", *SURVEY_FIELDS, "updated_at"],
        filters=["brand", "audience", "is_active"],
        scope=_survey_scope,
        form_fields=SURVEY_FIELDS,  # the form is survey_form: brand and audience when new
        form_class=survey_form,
    ),
]  # fmt: skip
