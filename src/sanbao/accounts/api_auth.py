"""How API callers prove who they are: a personal bearer token, or the browser session."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sanbao.accounts.tokens import api_token_user


class ApiTokenAuth(HttpBearer):
    openapi_description = "Personal API token: `Authorization: Bearer sb_…`"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(raw=token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


api_auth = [ApiTokenAuth(), ActiveSessionAuth()]
