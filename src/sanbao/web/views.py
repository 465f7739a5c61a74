"""The staff home page, and the admin's way in."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sanbao.accounts.http import SignedInRequest
from sanbao.web.home import home_for


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    if request.user.is_dealer_user:
        return redirect("portal:dealer_home")
    return render(request, "web/home.html", {"home": home_for(user=request.user)})


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through Sanbao's own page (which has the brute-force lockout)."""
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied  # signed in, but not an administrator: no redirect loop
        return redirect("admin:index")
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))
