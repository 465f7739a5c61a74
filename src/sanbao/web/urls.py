"""Staff site URLs: home, and a list and detail page for every declared ObjectPage."""

from django.urls import include, path

from sanbao.accounts.pages import PAGES as ACCOUNT_PAGES
from sanbao.catalog.pages import PAGES as CATALOG_PAGES
from sanbao.web import object_pages, views

OBJECT_PAGES = [*CATALOG_PAGES, *ACCOUNT_PAGES]

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "browse/",
        include(
            (
                [
                    path(f"{page.slug}/", object_pages.object_list, {"page": page}, name=page.slug)
                    for page in OBJECT_PAGES
                ],
                "object_list",
            )
        ),
    ),
    path(
        "browse/",
        include(
            (
                [
                    path(
                        f"{page.slug}/<int:pk>/",
                        object_pages.object_detail,
                        {"page": page},
                        name=page.slug,
                    )
                    for page in OBJECT_PAGES
                ],
                "object_detail",
            )
        ),
    ),
]
