"""API input and output shapes of the accounts app."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class OrganisationOut(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    full_name: str
    language: str
    roles: list[str]
    outlet: OrganisationOut | None
    dealer: OrganisationOut | None
    brands: list[str]


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIssuedOut(TokenOut):
    token: str = Field(description="Shown once; store it now.")
