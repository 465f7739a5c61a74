"""The public warranty check page: /portal/warranty/ and /w/<serial>, in English and Chinese."""

from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from sanbao.catalog.models import ProductModel, Recall, Unit
from sanbao.customers.models import Customer

pytestmark = pytest.mark.django_db

OWNER_NAME = "张三丰"
OWNER_PHONE = "+8613812345678"


@pytest.fixture(autouse=True)
def _generous_limit(settings):
    settings.PUBLIC_CHECK_LIMIT = 1000


@pytest.fixture
def unit(bank, dealer):
    owner = Customer.objects.create(name=OWNER_NAME, phone=OWNER_PHONE)
    return Unit.objects.create(
        brand=bank.brand, serial="TOP0001", model=bank, produced_on=date(2024, 3, 1),
        dealer=dealer, shipped_on=date(2024, 3, 7), sold_on=date(2024, 5, 1), owner=owner,
    )  # fmt: skip


@pytest.fixture
def recall(bank, make_user):
    recall = Recall.objects.create(
        brand=bank.brand, code="rc-2026-01", title_en="Bank 10 overheating",
        title_zh="移动电源过热召回", cause="Cells may overheat.", remedy="replace",
        starts_on=timezone.localdate() - timedelta(days=3), status="active",
        created_by=make_user("manager"),
    )  # fmt: skip
    recall.product_models.set([bank])
    return recall


def _page(client, serial, **extra):
    return client.get(reverse("warranty_serial", args=[serial]), **extra)


def test_it_shows_the_empty_form(client):
    response = client.get(reverse("portal:warranty_check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="serial"' in html
    assert 'data-testid="unit"' not in html


def test_it_sends_a_typed_serial_to_its_own_page(client):
    response = client.get(reverse("portal:warranty_check"), {"serial": "  top-0001 "})
    assert response.status_code == 302
    assert response["Location"] == "/w/TOP0001"  # tidied before it becomes a URL


def test_it_answers_a_serial_typed_with_a_slash_without_failing(client):
    client.raise_request_exception = False
    response = client.get(reverse("portal:warranty_check"), {"serial": "TOP/0001"}, follow=True)
    assert response.status_code == 422
    assert "is not a serial number" in response.content.decode()


def test_it_shows_the_unit_and_its_warranty(client, unit):
    response = _page(client, "top-0001")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<code>TOP0001</code>" in html
    assert "TOP · Bank 10" in html
    assert "Warranty: 24 months" in html
    assert "Counted from the date of sale (2024-05-01): ends 2026-05-06" in html
    assert "Sold through an authorised dealer." in html
    assert 'data-testid="recall"' not in html


def test_it_shows_the_recall_in_english(client, unit, recall):
    response = _page(client, "TOP0001")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="recall"' in html
    assert "Bank 10 overheating" in html
    assert "移动电源过热召回" not in html
    assert "Stop using and charging this product now." in html
    assert "Hotline: 400-716-2528" in html


def test_it_shows_the_recall_in_chinese_by_cookie(client, unit, recall):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = _page(client, "TOP0001").content.decode()
    assert "移动电源过热召回" in html
    assert "Bank 10 overheating" not in html


def test_it_shows_the_recall_in_chinese_by_accept_language(client, unit, recall):
    html = _page(client, "TOP0001", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "移动电源过热召回" in html
    assert "移动电源10" in html


def test_it_shows_nothing_personal(client, unit, recall, dealer):
    html = _page(client, "TOP0001").content.decode()
    for secret in (OWNER_NAME, OWNER_PHONE, OWNER_PHONE[3:], dealer.name, dealer.contact_person,
                   dealer.phone, dealer.credit_code):  # fmt: skip
        assert secret not in html


def test_it_flags_a_romoss_unit_never_shipped(client, other_brand):
    model = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="Sense 20", name_zh="罗马仕20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    Unit.objects.create(brand=other_brand, serial="RMS0001", model=model,
                        produced_on=date(2025, 3, 7))  # fmt: skip
    html = _page(client, "RMS0001").content.decode()
    assert "Never shipped to a dealer" in html
    assert "ROMOSS-III.1" in html


def test_it_says_an_unknown_serial_is_not_registered(client, unit):
    response = _page(client, "TOP9999")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No unit with serial TOP9999 is registered." in html
    assert 'data-testid="check-error"' in html
    assert 'value="TOP9999"' in html


def test_it_says_a_malformed_serial_is_not_one(client):
    response = _page(client, "ab")
    assert response.status_code == 422
    assert "is not a serial number" in response.content.decode()


def test_it_asks_for_the_brand_of_a_shared_serial(client, bank, other_brand):
    model = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="Sense 20", name_zh="罗马仕20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    for shared_model in (bank, model):
        Unit.objects.create(brand=shared_model.brand, serial="SHARED01", model=shared_model,
                            produced_on=date(2025, 3, 3))  # fmt: skip
    response = _page(client, "SHARED01")
    assert response.status_code == 409
    assert "romoss, top" in response.content.decode()
    resolved = _page(client, "SHARED01", data={"brand": "romoss"})
    assert resolved.status_code == 200
    assert "ROMOSS · Sense 20" in resolved.content.decode()


def test_it_limits_lookups_with_retry_after(client, unit, settings):
    settings.PUBLIC_CHECK_LIMIT = 3
    settings.PUBLIC_CHECK_WINDOW_SECONDS = 3600
    assert [_page(client, "TOP0001").status_code for _ in range(3)] == [200, 200, 200]
    response = _page(client, "TOP0001")
    assert response.status_code == 429
    wait = response["Retry-After"]
    assert 1 <= int(wait) <= 3601
    assert f"Too many lookups; try again in {wait} seconds." in response.content.decode()
    assert 'data-testid="unit"' not in response.content.decode()
