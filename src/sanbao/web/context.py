"""Template context shared by every staff and portal page."""

from typing import Any

from django.http import HttpRequest

from sanbao.web.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    return {"nav_sections": nav_for(user)}
