"""Content-Security-Policy on HTML pages (Django 5.2 has none of its own).

Only HTML gets it: JSON, CSV and static files run no scripts, and a policy on a PDF can keep
the browser's viewer from showing it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        # Django's own debug error page runs inline scripts.
        if settings.DEBUG and response.status_code >= 500:
            return response
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            else "Content-Security-Policy"
        )
        response.headers.setdefault(header, settings.CONTENT_SECURITY_POLICY)
        return response
