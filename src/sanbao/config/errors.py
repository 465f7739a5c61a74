"""The one domain error type; the API maps it to DESIGN §6's JSON error shape."""

from typing import Any


class DomainError(Exception):
    """A rule said no: `code` is stable for machines, `message` is translated for people."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 400,
        fields: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.headers = headers or {}
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields or {}

    @classmethod
    def invalid(cls, field: str, message: str, code: str = "invalid_input") -> "DomainError":
        """A 422 naming the one field that is wrong, with the message as its reason."""
        return cls(code, message, status=422, fields={field: message})


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}
