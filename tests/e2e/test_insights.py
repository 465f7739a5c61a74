"""The feedback loop in Chromium: the front desk closes an order with the customer's
signature, the survey link goes out, the customer answers on a phone, and the manager finds
the answer on the Customer voice dashboard (chart, table, CSV); then a bad production batch
seeded by the project's own history generator shows on the quality watch list, and the
manager turns it into a recall draft."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sanbao.catalog.models import ProductionBatch, Recall
from sanbao.insights.history import history_generate
from sanbao.notify.models import OutboxMessage
from sanbao.service.models import ServiceOrder
from sanbao.service.repairs import order_repair_on_spot
from tests.conftest import PASSWORD
from tests.e2e.test_maintenance_register import _sign
from tests.feedback import conftest as feedback
from tests.insights.test_history import shop
from tests.service import conftest as service

survey = feedback.survey
shop = shop  # both brands with models and parts, as the history generator needs
front_desk, technician, unit, register = (
    service.front_desk, service.technician, service.unit, service.register,
)  # fmt: skip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
PHONE = {"width": 375, "height": 667}
SATISFACTION = {"en": "Customer voice", "zh-hans": "客户之声"}
COMMENT = "Fixed while I waited, thank you."


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_out(page) -> None:
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_carries_an_answer_from_a_closed_order_to_the_dashboard(
    browser, live_server, sign_in, page, survey, register, technician, make_user, language
):
    manager = make_user("manager", username="boss", language=language)
    desk = make_user("front_desk", username="desk", language=language)
    order = register()
    order_repair_on_spot(
        number=order.number, work_done="USB-C port resoldered", parts=[], labour_minutes=10,
        by=technician,
    )  # fmt: skip

    sign_in(desk.username, PASSWORD)
    page.goto(f"{live_server.url}/browse/service-orders/{order.pk}/")
    _sign(page)
    page.locator("form[data-action=hand_back] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("signature").locator("img")).to_be_visible()
    assert ServiceOrder.objects.get(pk=order.pk).status == "closed"

    message = OutboxMessage.objects.get(topic=f"order:{order.number}:survey")
    link = live_server.url + re.search(r"/s/[A-Za-z0-9_-]+/", message.body).group(0)
    phone = browser.new_page(viewport=PHONE)
    phone.goto(link)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("label[for=csat-5]").click()
    phone.locator("label[for=nps-10]").click()
    phone.locator("label[for=first-visit-yes]").click()
    phone.locator("#comment").fill(COMMENT)
    phone.locator("[data-testid=survey-form] button[type=submit]").click()
    expect(phone.locator("[data-testid=survey-thanks]")).to_be_visible()
    phone.close()

    _sign_out(page)
    sign_in(manager.username, PASSWORD)
    page.goto(f"{live_server.url}/insights/")
    page.get_by_role("link", name=SATISFACTION[language]).click()
    figures = page.get_by_test_id("figures")
    expect(figures).to_contain_text("5.00 / 5")
    expect(figures).to_contain_text("+100")
    expect(page.locator("[data-testid=chart-nps-trend] svg").first).to_be_visible()
    page.get_by_test_id("table-tab-comments").click()
    expect(page.get_by_test_id("table-comments")).to_contain_text(COMMENT)
    _shot(page, f"dashboard-satisfaction-{language}")
    with page.expect_download() as download:
        page.get_by_test_id("csv-comments").click()
    assert COMMENT in Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_it_turns_a_flagged_batch_into_a_recall_draft(live_server, sign_in, page, make_user, shop):
    brand = shop["top"]
    manager = make_user("manager", username="boss", language="en")
    summary = history_generate(orders=600, return_units=150, brands=[brand])
    bad = ProductionBatch.objects.get(pk=summary.bad_batches[brand.code])

    sign_in(manager.username, PASSWORD)
    page.goto(f"{live_server.url}/insights/quality/")
    watch_list = page.get_by_test_id("watch-list")
    expect(watch_list).to_contain_text(bad.code)
    _shot(page, "quality-watch-list-en")
    watch_list.get_by_role("link", name=bad.code).click()
    expect(page.locator("h1")).to_contain_text(bad.code)
    page.get_by_role("button", name="Start a recall draft").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("Recall draft")
    _shot(page, "quality-recall-draft-en")

    recall = Recall.objects.get()
    assert recall.status == Recall.Status.DRAFT
    assert list(recall.batches.all()) == [bad]
