"""A short page of its own, in the request's language, for answers given without the site's
frame: too many requests (429), database out of reach (503). It reads nothing from the
database, so it can be shown when the database is the problem."""

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _


def plain_page(
    request: HttpRequest, *, status: int, code: str, title: str, message: str
) -> HttpResponse:
    """`title` and `message` are already translated; the rest is built here."""
    language = translation.get_language() or "en"
    html = format_html(
        '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{title} · {site}</title>"
        '<link rel="stylesheet" href="{css}"></head>'
        '<body class="bg-light"><main class="container py-5 text-center" data-code="{code}">'
        '<h1 class="h3">{title}</h1><p class="text-body-secondary">{message}</p>'
        '<a class="btn btn-primary" href="/">{back}</a></main></body></html>',
        lang="zh-Hans" if language == "zh-hans" else language,
        title=title,
        site=_("Sanbao after-sales"),
        css=static("vendor/bootstrap/css/bootstrap.min.css"),
        code=code,
        message=message,
        back=_("Back to the start page"),
    )
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    return response
