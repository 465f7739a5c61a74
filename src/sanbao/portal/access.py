"""Who may open the dealers' portal: signed-in users of an active dealer."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sanbao.accounts.models import User


def dealer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)  # login_required
        if not user.is_dealer_user or not user.groups.filter(name="dealer").exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
