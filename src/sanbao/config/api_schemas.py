"""API shapes every router shares: DESIGN §6's error body."""

from typing import Any

from ninja import Schema


class ErrorDetailOut(Schema):
    code: str
    message: str
    fields: dict[str, Any]


class ErrorOut(Schema):
    error: ErrorDetailOut
