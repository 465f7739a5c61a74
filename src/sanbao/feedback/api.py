"""API of surveys and follow-ups: anyone with a survey link reads and answers it (no token,
no CSRF, rate-limited per client); managers list and close their follow-ups."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.params import functions as param

from sanbao.accounts.http import SignedInRequest
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.rate_limit import api_rate_limited
from sanbao.feedback.answers import invitation_refusal, survey_answer
from sanbao.feedback.follow_ups import follow_up_close
from sanbao.feedback.models import FollowUp
from sanbao.feedback.presenters import follow_up_as_dict, survey_as_dict
from sanbao.feedback.schemas import (
    AnsweredOut,
    AnswerIn,
    FollowUpCloseIn,
    FollowUpListQuery,
    FollowUpOut,
    FollowUpPageOut,
    SurveyOut,
)
from sanbao.feedback.selectors import follow_ups_filter, invitation_by_token
from sanbao.feedback.tokens import TOKEN_MAX_LENGTH

router = Router(tags=["feedback"])
PUBLIC = {404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Token = param.Path(..., max_length=TOKEN_MAX_LENGTH, description="From the survey link")


# Survey links, here and on the /s/<token>/ pages: one counter ("survey") per client, so
# tokens cannot be guessed one request at a time.
SURVEY_LINKS = ("survey", "PUBLIC_CHECK_LIMIT", "PUBLIC_CHECK_WINDOW_SECONDS")


@router.get(
    "/surveys/{token}", auth=None, response={200: SurveyOut, **PUBLIC},
    summary="A survey link's questions, in the request's language (public)",
    description="Unknown link → 404 `survey_not_found`; expired and not answered → 410 "
    "`survey_expired`; too many tries → 429 `rate_limited`.",
)  # fmt: skip
@api_rate_limited(*SURVEY_LINKS)
def survey_read(request: HttpRequest, token: str = Token) -> dict[str, Any]:
    invitation = invitation_by_token(token=token)
    if invitation.answered_at is None:  # an answered survey still shows what was asked
        refusal = invitation_refusal(invitation, now=timezone.now())
        if refusal is not None:
            raise refusal
    return survey_as_dict(invitation)


@router.post(
    "/surveys/{token}", auth=None, response={201: AnsweredOut, **PUBLIC},
    summary="Answer a survey, once (public)",
    description="Already answered → 409 `survey_answered`; expired → 410 `survey_expired`. "
    "A score at or below the survey's thresholds opens a follow-up.",
)  # fmt: skip
@api_rate_limited(*SURVEY_LINKS)
def survey_answer_create(
    request: HttpRequest, payload: AnswerIn, token: str = Token
) -> Status[dict[str, Any]]:
    response = survey_answer(token=token, **payload.model_dump())
    opened = FollowUp.objects.filter(response=response).exists()
    return Status(201, {"csat": response.csat, "nps": response.nps, "follow_up_opened": opened})


@router.get(
    "/follow-ups", response={200: FollowUpPageOut, 403: ErrorOut, 422: ErrorOut},
    summary="Follow-ups of low scores, open first",
)  # fmt: skip
def follow_up_list(request: SignedInRequest, filters: Query[FollowUpListQuery]) -> dict[str, Any]:
    if not request.user.has_perm("feedback.view_followup"):
        raise PermissionDenied
    follow_ups = follow_ups_filter(user=request.user, status=filters.status)
    page = follow_ups[filters.offset : filters.offset + filters.limit]
    return {"count": follow_ups.count(), "items": [follow_up_as_dict(f) for f in page]}


@router.post(
    "/follow-ups/{follow_up_id}/close", response={200: FollowUpOut, **WRITE},
    summary="Close a follow-up with what was done",
)  # fmt: skip
def follow_up_done(
    request: SignedInRequest, follow_up_id: int, payload: FollowUpCloseIn
) -> dict[str, Any]:
    follow_up = follow_up_close(follow_up_id=follow_up_id, outcome=payload.outcome, by=request.user)
    return follow_up_as_dict(follow_up)
