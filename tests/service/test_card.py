"""The after-sale service card: one A5 page in the customer's language, phone masked."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from sanbao.catalog.models import Unit
from sanbao.service.card import service_card_pdf
from sanbao.service.intake import IntakeDetails, service_order_register
from sanbao.service.presenters import order_tracking_url
from tests.documents import pdf_fonts, pdf_images, pdf_pages, pdf_text, pdf_words

pytestmark = pytest.mark.django_db

A5 = (419.528, 595.276)
MARGIN = 7 / 25.4 * 72  # the card's page margin, 7 mm in points


@pytest.fixture
def order(brand, outlet, make_user, bank, dealer):
    brand.name_zh = "拓普"
    brand.save()
    bank.required_accessories = ["data_cable", "manual"]
    bank.save()
    Unit.objects.create(
        brand=brand, serial="TOP0000000001", model=bank, produced_on=date(2025, 3, 1),
        dealer=dealer, shipped_on=date(2025, 3, 20), status="shipped",
    )  # fmt: skip
    details = IntakeDetails(
        customer_name="张伟",
        customer_phone="138 0013 8000",
        fault_code="no_output",
        serial="TOP0000000001",
        purchase_date=timezone.localdate() - timedelta(days=40),
        warranty_card_number="W-20250312-0042",
        fault_description="充电后无法输出。指示灯不亮。",
        accessories_received=["data_cable"],
        condition_notes="Light scratches on the back cover.",
        customer_address={"province": "广东省", "city": "深圳市", "address_detail": "科技园路1号"},
    )
    return service_order_register(outlet=outlet, details=details, by=make_user("front_desk"))


def _text(order, language="en"):
    return pdf_text(service_card_pdf(order=order, language=language))


def test_it_prints_the_card_number_and_the_masked_phone_never_the_full_one_or_address(order):
    text = _text(order)
    assert order.number in text and "张伟" in text
    assert "138********" in text
    for secret in ("13800138000", "138 0013 8000", "0013", "科技园", "深圳市"):
        assert secret not in text


def test_it_speaks_english(order):
    text = _text(order, "en")
    assert text.startswith("TOP After-sale Service Card")
    assert "No output" in text and "Data cable" in text and "In warranty" in text
    assert "Free repair" in text
    reason = order.decision["reasons"][0]
    assert " ".join(reason["text_en"].split()) in text and reason["text_zh"] not in text


def test_it_speaks_chinese(order):
    text = _text(order, "zh-hans")
    assert text.startswith("拓普 售后服务卡")
    assert "无输出" in text and "数据线" in text and "保修期内" in text
    assert "After-sale Service Card" not in text and "No output" not in text
    reason = order.decision["reasons"][0]
    assert reason["text_zh"].replace(" ", "") in text.replace(" ", "")  # lines break anywhere
    assert reason["text_en"] not in text


def test_it_embeds_the_cjk_font(order):
    fonts = pdf_fonts(service_card_pdf(order=order, language="zh-hans"))
    assert ("NotoSansCJKSC", True) in fonts
    assert all(embedded for _name, embedded in fonts)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_fits_one_a5_page(order, language):
    pdf = service_card_pdf(order=order, language=language)
    assert pdf.startswith(b"%PDF-")
    assert [tuple(round(side) for side in page) for page in pdf_pages(pdf)] == [(420, 595)]


def test_it_keeps_long_text_inside_the_page(order):
    order.fault_description = "X" * 400 + " " + "很长的描述" * 60
    order.condition_notes = "A" * 200
    order.warranty_card_number = "W" * 40
    order.save()
    pdf = service_card_pdf(order=order, language="en")
    width = A5[0]
    assert len(pdf_pages(pdf)) <= 2
    overflowing = [word for word in pdf_words(pdf) if word[3] > width - MARGIN + 0.5]
    assert not overflowing, overflowing[:3]


def test_it_promises_the_repair_of_a_serious_fault_by_the_due_date(order):
    assert order.serious and order.due_on is not None
    text = _text(order)
    assert f"Serious fault: repaired within 7 working days, by {order.due_on:%Y-%m-%d}." in text


def test_it_gives_the_brand_hotline_or_else_the_outlet_phone(order):
    assert "400-716-2528" in _text(order)
    order.brand.hotline = ""
    order.brand.service_email = "service@top.example.cn"
    order.brand.save()
    text = _text(order)
    assert "Service hotline 广州市" not in text  # the address is not the hotline
    assert "Service hotline 020 8765 4321" in text and "service@top.example.cn" in text


def test_it_tells_where_to_track_the_repair(order):
    assert order_tracking_url(order) in _text(order).replace(" ", "")


def test_it_leaves_an_empty_signature_box_until_signed(order):
    pdf = service_card_pdf(order=order, language="en")
    assert "Customer's signature" in pdf_text(pdf) and "UTC+8" not in pdf_text(pdf)
    assert pdf_images(pdf) == 0  # the QR code is drawn, not a picture


def test_it_shows_the_signature_with_the_time_in_china_and_the_hash(order, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(png, "PNG")
    order.signature.save("signature.png", ContentFile(png.getvalue()), save=False)
    order.signed_at = datetime(2026, 3, 1, 17, 5, tzinfo=UTC)
    order.signed_content_hash = "0123456789abcdef" * 4
    order.save()
    pdf = service_card_pdf(order=order, language="en")
    text = pdf_text(pdf)
    assert "Signed 2026-03-02 01:05 (UTC+8)" in text
    assert "0123456789ab" in text and "0123456789abc" not in text
    assert pdf_images(pdf) == 1
