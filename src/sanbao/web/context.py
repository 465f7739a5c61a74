"""Template context shared by every staff and portal page."""

from typing import Any

from django.http import HttpRequest

from sanbao.web.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": [], "base_template": "web/base.html"}
    # Dealers' account pages wear the dealer portal's frame, staff pages the staff shell's.
    base = "portal/dealer_base.html" if user.is_dealer_user else "web/base.html"
    return {"nav_sections": nav_for(user), "base_template": base}
