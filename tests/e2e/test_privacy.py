"""Privacy in Chromium: a customer proves their phone, downloads their data and has it
erased; the auditor reads the retention schedules and the administrator runs the purge —
in English and in Chinese."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sanbao.customers.models import Customer
from sanbao.privacy import phone_codes
from sanbao.service.models import ServiceOrder
from tests.conftest import PASSWORD
from tests.feedback import conftest as feedback
from tests.service import conftest as service

closed_order = feedback.closed_order
front_desk, technician, unit, register = (
    service.front_desk, service.technician, service.unit, service.register,
)  # fmt: skip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
PHONE = {"width": 375, "height": 667}
ORDERS_PURGED = {"en": "Service orders · 1", "zh-hans": "维修单 · 1"}


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def sms(monkeypatch):
    sent: list[str] = []
    monkeypatch.setattr(phone_codes, "sms_send", lambda *, phone, text: sent.append(text))
    return sent


def test_a_customer_downloads_and_erases_their_data_on_a_phone(
    page, live_server, closed_order, sms, tmp_path
):
    order = closed_order()
    page.set_viewport_size(PHONE)
    page.set_extra_http_headers({"Accept-Language": "zh-CN,zh;q=0.9"})
    page.goto(f"{live_server.url}/privacy/mine/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.locator("#phone").fill("138 0013 8000")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("#code")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", sms[-1]).group(1)
    page.locator("#code").fill(code)
    page.locator("form.card button[type=submit]").click()
    expect(page.get_by_test_id("privacy-summary")).to_contain_text(order.number)
    expect(page.get_by_test_id("privacy-summary")).to_contain_text("张伟")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "privacy-mine-zh")
    with page.expect_download() as download:
        page.get_by_test_id("export-pdf").click()
    saved = tmp_path / "mine.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    page.locator("#confirm").check()
    page.get_by_test_id("erase").click()
    expect(page.get_by_test_id("privacy-erased")).to_be_visible()
    customer = Customer.objects.get(pk=order.customer_id)
    assert customer.erased_at is not None and customer.name == ""


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_administrator_reads_the_schedules_and_purges(
    page, live_server, sign_in, make_user, closed_order, language
):
    order = closed_order()
    ServiceOrder.objects.filter(pk=order.pk).update(closed_at=timezone.now() - timedelta(days=800))
    Customer.objects.filter(pk=order.customer_id).update(
        created_at=timezone.now() - timedelta(days=800)
    )
    admin = make_user("admin", username="root", language=language)
    sign_in(admin.username, PASSWORD)
    page.goto(f"{live_server.url}/privacy/retention/")
    row = page.get_by_test_id("schedule-top-service_order")
    expect(row).to_contain_text("PIPL-19")
    expect(row.get_by_test_id("preview-count")).to_have_text("1")
    expect(page.get_by_test_id("schedule-romoss-service_order")).to_contain_text("ROMOSS-IV.8")
    page.get_by_test_id("purge-start").click()
    expect(page.get_by_test_id("purge-log")).to_contain_text(ORDERS_PURGED[language])
    expect(row.get_by_test_id("preview-count")).to_have_text("0")
    _shot(page, f"privacy-retention-{language}")
    assert Customer.objects.get(pk=order.customer_id).erased_at is not None
