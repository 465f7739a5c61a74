"""The maintenance register in Chromium: a walk-in repaired on the spot and signed on screen,
and a mail-in serious fault sent to headquarters, quoted, approved on the portal, repaired,
shipped back and closed — in English and in Chinese."""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sanbao.catalog.models import Part, PartStock
from sanbao.service.models import ServiceOrder
from tests.conftest import PASSWORD
from tests.documents import pdf_images, pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
DONE = {"en": "Closed", "zh-hans": "已结束"}


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def staff(make_user, hq):
    def make(language: str) -> dict:
        return {
            "desk": make_user("front_desk", language=language),
            "tech": make_user("technician", language=language),
            "hq": make_user("hq_technician", outlet=hq, language=language),
        }

    return make


@pytest.fixture
def usb_board(bank, outlet, hq):
    part = Part.objects.create(
        brand=bank.brand, code="PCB-10", name_en="Main board", name_zh="主板",
        mass_production_cost="18.50",
    )  # fmt: skip
    part.models_served.add(bank)
    PartStock.objects.create(part=part, outlet=outlet, on_hand=3)
    PartStock.objects.create(part=part, outlet=hq, on_hand=3)
    return part


def _switch_user(page, sign_in, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/**")


def _register(page, live_server, *, intake: str, fault: str, phone: str, days_ago: int) -> str:
    page.goto(f"{live_server.url}/service/intake/")
    page.fill("#id_customer_name", "李娜")
    page.fill("#id_customer_phone", phone)
    page.check("#id_notifications_agreed")
    page.select_option("#id_intake", intake)
    page.select_option("#id_model_sku", "TOP-PB10")
    page.fill("#id_purchase_date", str(timezone.localdate() - timedelta(days=days_ago)))
    page.fill("#id_warranty_card_number", "W-778812")
    page.select_option("#id_fault_code", fault)
    expect(page.get_by_test_id("live-coverage")).to_be_visible()
    page.locator("#intake-form button[type=submit]").click()
    page.wait_for_url("**/browse/service-orders/*/")
    return ServiceOrder.objects.latest("pk").number


def _act(page, action: str, fields: dict[str, str] | None = None) -> None:
    form = page.locator(f"form[data-action={action}]")
    for name, value in (fields or {}).items():
        match = "*=" if name.endswith("_") else "$="  # part_<id> boxes: the first part
        field = form.locator(f"[name{match}'-{name}']").first
        if field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_be_visible()


def _sign(page) -> None:
    canvas = page.locator("form[data-action=hand_back] canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(box["x"] + 20 + step * 10, box["y"] + 100 - (step % 6) * 12)
    page.mouse.up()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_repairs_a_walk_in_on_the_spot_signed_on_screen(
    page, live_server, sign_in, staff, bank, usb_board, language
):
    people = staff(language)
    sign_in(people["desk"].username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/**")
    number = _register(
        page, live_server, intake="walk_in", fault="port_damage", phone="13912345678", days_ago=60
    )
    order_url = page.url

    _switch_user(page, sign_in, live_server, people["tech"].username)
    page.goto(order_url)
    _act(
        page,
        "repair_on_spot",
        {"note": "USB-C port resoldered", "labour_minutes": "15", "part_": "1"},
    )

    _switch_user(page, sign_in, live_server, people["desk"].username)
    page.goto(order_url)
    _sign(page)
    page.locator("form[data-action=hand_back] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("signature").locator("img")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text(DONE[language])
    _shot(page, f"walk-in-signed-{language}")

    order = ServiceOrder.objects.get(number=number)
    assert order.status == "closed" and order.signed_content_hash
    assert [e.action for e in order.events.all()] == [
        "register",
        "repair_on_spot",
        "hand_back",
        "close",
    ]
    pdf = page.request.get(f"{live_server.url}/service/orders/{number}/card.pdf?lang={language}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf_images(pdf.body()) == 1  # the signature (the QR code is drawn as vectors)
    text = pdf_text(pdf.body())
    assert number in text and "13912345678" not in text
    png = SHOTS / f"card-signed-{language}"
    subprocess.run(  # noqa: S603 - a fixed poppler command on our own file
        ["/usr/bin/pdftoppm", "-png", "-r", "60", "-singlefile", "-", str(png)],
        input=pdf.body(),
        check=True,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_sends_a_mail_in_to_hq_quotes_it_and_the_customer_approves_on_the_portal(
    page, live_server, sign_in, staff, bank, usb_board, language
):
    people = staff(language)
    sign_in(people["desk"].username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/**")
    number = _register(
        page, live_server, intake="mail_in", fault="overheating", phone="13800001111", days_ago=900
    )
    order_url = page.url
    expect(page.get_by_test_id("due")).to_be_visible()  # serious: 7 working days

    _switch_user(page, sign_in, live_server, people["tech"].username)
    page.goto(order_url)
    _act(
        page,
        "transfer_to_hq",
        {"courier": "顺丰速运", "tracking_number": "SF1400000001", "sale_slip_included": "on"},
    )

    _switch_user(page, sign_in, live_server, people["hq"].username)
    page.goto(f"{live_server.url}/service/board/?board=hq")
    expect(page.get_by_test_id("board")).to_contain_text(number)
    page.goto(order_url)
    _act(page, "diagnose", {"findings": "Cell worn out: warranty ended"})
    _act(page, "quote", {"part_": "1", "freight": "8"})
    expect(page.get_by_test_id("quote")).to_contain_text("26.50")

    # The customer, on their phone: card number and the last four digits.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/t/{number}")
    if language == "zh-hans":
        page.get_by_role("button", name="简体中文").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.fill("#phone_last4", "1111")
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_test_id("track-quote")).to_contain_text("26.50")
    page.locator("button[name=answer][value=approve]").click()
    expect(page.get_by_test_id("track-timeline").locator("li")).to_have_count(5)
    _shot(page, f"portal-approved-{language}")
    assert ServiceOrder.objects.get(number=number).status == "approved"

    _switch_user(page, sign_in, live_server, people["hq"].username)
    page.goto(order_url)
    _act(page, "start_repair")
    _act(page, "repair", {"note": "New main board fitted", "labour_minutes": "40", "part_": "1"})
    _act(page, "hand_back", {"courier": "顺丰速运", "tracking_number": "SF1400000002"})
    _switch_user(page, sign_in, live_server, people["desk"].username)
    page.goto(order_url)
    _act(page, "close", {"note": "Customer confirmed delivery"})
    expect(page.get_by_test_id("timeline")).to_contain_text(DONE[language])
    _shot(page, f"mail-in-closed-{language}")
    order = ServiceOrder.objects.get(number=number)
    assert [e.action for e in order.events.all()] == [
        "register", "transfer_to_hq", "diagnose", "quote", "approve", "start_repair",
        "repair", "hand_back", "close",
    ]  # fmt: skip
    assert order.quotes.get().decided_via == "portal"
