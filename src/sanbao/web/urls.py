"""Staff site URLs: home, and list, detail, create and edit pages for every ObjectPage."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, include, path

from sanbao.accounts.pages import PAGES as ACCOUNT_PAGES
from sanbao.catalog.pages import PAGES as CATALOG_PAGES
from sanbao.customers.pages import PAGES as CUSTOMER_PAGES
from sanbao.feedback.pages import PAGES as FEEDBACK_PAGES
from sanbao.notify.pages import PAGES as NOTIFY_PAGES
from sanbao.privacy.pages import PAGES as PRIVACY_PAGES
from sanbao.service.pages import PAGES as SERVICE_PAGES
from sanbao.web import object_forms, object_pages, views
from sanbao.web.object_pages import ObjectPage

OBJECT_PAGES = [
    *SERVICE_PAGES, *CUSTOMER_PAGES, *CATALOG_PAGES, *ACCOUNT_PAGES, *NOTIFY_PAGES,
    *PRIVACY_PAGES, *FEEDBACK_PAGES,
]  # fmt: skip


def _per_page(route: str, view: Callable[..., Any], namespace: str, pages: list[ObjectPage]) -> Any:
    # Signed out (a session that expired): to the sign-in page and back, as everywhere else.
    signed_in = login_required(view)
    patterns: list[URLPattern] = [
        path(route.format(slug=page.slug), signed_in, {"page": page}, name=page.slug)
        for page in pages
    ]
    return path("browse/", include((patterns, namespace)))


_EDITABLE = [page for page in OBJECT_PAGES if page.form_fields]

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    _per_page("{slug}/", object_pages.object_list, "object_list", OBJECT_PAGES),
    _per_page("{slug}/<int:pk>/", object_pages.object_detail, "object_detail", OBJECT_PAGES),
    _per_page("{slug}/new/", object_forms.object_create, "object_create", _EDITABLE),
    _per_page("{slug}/<int:pk>/edit/", object_forms.object_edit, "object_edit", _EDITABLE),
]
