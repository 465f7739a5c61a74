"""API shapes of surveys (public, by the link's token) and follow-ups (staff)."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class QuestionsOut(Schema):
    csat: str = Field(description="Satisfaction, answered 1-5")
    nps: str = Field(description="Recommendation, answered 0-10")
    fixed_first_visit: str = Field(description="Yes or no (optional)")
    comment: str = Field(description="Free text (optional)")


class SurveyOut(Schema):
    brand: str
    audience: Literal["customer", "dealer"]
    language: str = Field(description="The language of the texts (the request's)")
    intro: str
    questions: QuestionsOut
    expires_at: datetime
    answered: bool


class AnswerIn(Schema):
    csat: int = Field(ge=1, le=5)
    nps: int = Field(ge=0, le=10)
    fixed_first_visit: bool | None = None
    comment: str = Field("", max_length=2000)


class AnsweredOut(Schema):
    csat: int
    nps: int
    follow_up_opened: bool = Field(description="The score was low: a manager will call back")


class FollowUpOut(Schema):
    id: int
    status: Literal["open", "done"]
    brand: str
    outlet: str = Field(description="Outlet code")
    reason: str
    about: str = Field(description="The service card or return batch number")
    dealer: str | None
    csat: int
    nps: int
    fixed_first_visit: bool | None
    comment: str
    opened_at: datetime
    outcome: str
    closed_by: str | None
    closed_at: datetime | None


class FollowUpListQuery(Schema):
    status: Literal["", "open", "done"] = ""
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class FollowUpPageOut(Schema):
    count: int
    items: list[FollowUpOut]


class FollowUpCloseIn(Schema):
    outcome: str = Field(min_length=1, max_length=4000, description="What was done")
