"""A Django template in a given language, laid out as PDF by WeasyPrint, without the network.

Templates refer to their stylesheets and images with `{% static %}`; those references are
served from disk through the static-file finders, images made at render time (QR codes,
signatures) come as data: URIs, and anything else stops the rendering: a document that
silently lost its stylesheet or an image would still look like a valid card.
"""

import mimetypes
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# No resolver knows the .invalid domain (RFC 2606): a reference that escaped the fetcher
# could not reach anything either.
BASE_URL = "https://documents.sanbao.invalid/"


class DocumentResourceError(Exception):
    """A document refers to something that cannot be served from disk."""


class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """Serves STATIC_URL paths from the static-file finders and data: URIs; refuses the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.static_file(url)
        if path is None:
            self.refused.append(url)
            raise DocumentResourceError(f"not a static file: {url[:200]}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as resource:
            body = resource.read()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def static_file(url: str) -> str | None:
        """The file on disk behind a STATIC_URL address on the document's base, if any."""
        static_base = urljoin(BASE_URL, settings.STATIC_URL)
        if not url.startswith(static_base):
            return None
        try:
            found = finders.find(unquote(urlsplit(url.removeprefix(static_base)).path))
        except SuspiciousFileOperation:
            return None
        return found if isinstance(found, str) else None


def pdf_render(*, template: str, context: dict[str, Any], language: str) -> bytes:
    """The template rendered in `language` (e.g. "en", "zh-hans") as PDF bytes."""
    with translation.override(language):
        html = render_to_string(template, dict(context))  # tags may write to the context
    fetcher = StaticFilesFetcher()
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    if fetcher.refused:
        raise DocumentResourceError(f"{template} refers to {', '.join(fetcher.refused)[:500]}")
    return bytes(pdf)
