"""The staff home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sanbao.accounts.http import SignedInRequest
from sanbao.web.home import home_for


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    if request.user.is_dealer_user:
        return redirect("portal:dealer_home")
    return render(request, "web/home.html", {"home": home_for(user=request.user)})
