"""Security headers: the Content-Security-Policy of HTML pages, and what it must allow."""

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

import sanbao

PACKAGE = Path(sanbao.__file__).parent
TEMPLATES = sorted(PACKAGE.rglob("templates/**/*.html"))


@pytest.mark.django_db
def test_it_sends_the_policy_with_html_pages(client):
    page = client.get("/accounts/login/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_it_sends_no_policy_with_json(client):
    response = client.get("/healthz")
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_it_can_report_instead_of_enforcing(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = True
    page = client.get("/accounts/login/")
    assert "Content-Security-Policy" not in page
    assert page["Content-Security-Policy-Report-Only"] == settings.CONTENT_SECURITY_POLICY


def _inline_scripts(text: str) -> list[str]:
    """<script> elements that run without a src (JSON data blocks do not run)."""
    found = []
    for attributes in re.findall(r"<script\b([^>]*)>", text):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue
        found.append(attributes)
    return found


GENERIC_CONFIRM = 'onsubmit="return confirm(this.dataset.confirm)"'


def _digest(handler: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode() + "'"


def test_it_finds_no_inline_script_and_only_allowed_inline_handlers(settings):
    """The policy runs scripts from our files only, and inline handlers by hash: a new
    inline script or on…= attribute would be blocked in browsers, so it fails here first.
    To ask before a form is sent, use GENERIC_CONFIRM with a data-confirm text."""
    assert len(TEMPLATES) > 50
    unknown = []
    for path in TEMPLATES:
        text = path.read_text("utf-8")
        assert not _inline_scripts(text), path
        assert "javascript:" not in text, path
        for handler in re.findall(r"\son[a-z]+=\"[^\"]*\"|\son[a-z]+=", text):
            name = str(path.relative_to(PACKAGE))
            if handler.strip() == GENERIC_CONFIRM:
                continue
            if name == "returns/templates/returns/_action_form.html":
                continue  # checked by language below
            unknown.append((name, handler.strip()))
    assert not unknown, f"inline handlers the policy blocks: {unknown}"
    assert _digest("return confirm(this.dataset.confirm)") in settings.CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_allows_the_cancel_confirmation_in_each_language(language, settings):
    with translation.override(language):
        form = render_to_string(
            "returns/_action_form.html",
            {"batch": type("Batch", (), {"number": "RMSR261122001"})(), "action": "cancel"},
        )
    handler = html.unescape(re.search(r'onsubmit="([^"]*)"', form).group(1))
    assert _digest(handler) in settings.CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_it_keeps_debug_error_pages_working(settings):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    settings.ROOT_URLCONF = "tests.config.urls_failing"
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Content-Security-Policy" not in response
