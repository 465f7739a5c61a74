"""Request types for views and API handlers that only signed-in users reach."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from sanbao.accounts.models import User


class SignedInRequest(HttpRequest):
    """A request behind `login_required` or API auth: `user` is a real User."""

    user: User
    htmx: HtmxDetails


class PageRequest(HttpRequest):
    """Any request to a page; `htmx` is set by django-htmx's middleware."""

    htmx: HtmxDetails
