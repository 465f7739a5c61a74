"""Templates to PDF: the language, the embedded CJK font, static files from disk only."""

import socket

import pytest

from sanbao.documents.rendering import DocumentResourceError, pdf_render
from tests.documents import pdf_fonts, pdf_images, pdf_pages, pdf_text

A5 = (419.528, 595.276)


@pytest.fixture
def template_dir(settings, tmp_path):
    """A folder of test templates, searched before the apps' own."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return tmp_path


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendering a document tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _template(folder, body: str, name: str = "sample.html") -> str:
    (folder / name).write_text(
        '{% extends "documents/base.html" %}{% load i18n static %}'
        "{% block page_size %}A5 portrait{% endblock %}"
        "{% block content %}" + body + "{% endblock %}",
        "utf-8",
    )
    return name


def test_it_renders_the_template_in_the_language_asked(template_dir, no_network):
    name = _template(template_dir, '<p>{% translate "Simplified Chinese" %} {{ number }}</p>')
    english = pdf_render(template=name, context={"number": "TOP2611220001"}, language="en")
    chinese = pdf_render(template=name, context={"number": "TOP2611220001"}, language="zh-hans")
    assert english.startswith(b"%PDF-") and chinese.startswith(b"%PDF-")
    assert pdf_text(english) == "Simplified Chinese TOP2611220001"
    assert pdf_text(chinese) == "简体中文 TOP2611220001"


def test_it_sets_the_page_size_from_the_block(template_dir):
    pdf = pdf_render(template=_template(template_dir, "<p>x</p>"), context={}, language="en")
    assert [tuple(round(side) for side in page) for page in pdf_pages(pdf)] == [(420, 595)]


def test_it_embeds_the_cjk_font_from_the_static_stylesheet(template_dir, no_network):
    # Latin-only text in Noto Sans CJK proves print.css was served from disk: without it,
    # WeasyPrint's default serif font would be used.
    latin = pdf_render(template=_template(template_dir, "<p>Card</p>"), context={}, language="en")
    assert pdf_fonts(latin) == [("NotoSansCJKSC", True)]
    chinese = pdf_render(
        template=_template(template_dir, "<p>售后服务卡</p>", name="chinese.html"),
        context={},
        language="zh-hans",
    )
    assert ("NotoSansCJKSC", True) in pdf_fonts(chinese)
    assert "售后服务卡" in pdf_text(chinese)


@pytest.mark.parametrize(
    "reference",
    [
        "https://example.com/logo.png",
        "http://localhost:8000/static/documents/print.css",
        "file:///etc/passwd",
        "{% static 'documents/missing.png' %}",
        "/static/../config/settings/base.py",
        "/static/%2e%2e/%2e%2e/config/settings/base.py",
        "/media/service/signatures/x.png",
    ],
)
def test_it_refuses_anything_but_static_files_and_data(template_dir, no_network, reference):
    name = _template(template_dir, f'<img src="{reference}" alt="">')
    with pytest.raises(DocumentResourceError):
        pdf_render(template=name, context={}, language="en")


def test_it_takes_images_as_data_uris(template_dir, no_network):
    one_pixel_png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    name = _template(template_dir, f'<img src="{one_pixel_png}" alt="" style="width: 5mm">')
    assert pdf_images(pdf_render(template=name, context={}, language="en")) == 1
