"""A technician asks the policy simulator about a swollen power bank, in Chinese."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.test_sign_in_and_language import _shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_redecides_as_the_facts_change(page, sign_in, make_user, live_server):
    make_user("technician", language="zh-hans")
    sign_in("technician", PASSWORD)
    page.goto(f"{live_server.url}/warranty/simulator/")
    decision = page.locator("[data-testid=decision]")
    expect(decision).to_be_visible()

    page.get_by_label("品牌政策").select_option("romoss")
    page.get_by_label("购买日期").fill("2026-01-05")
    page.get_by_label("申请日期").fill("2026-03-02")
    page.get_by_label("主要故障").select_option("swelling")
    expect(page.locator("[data-testid=hazard]")).to_contain_text("停止使用")
    expect(decision).to_have_attribute("data-coverage", "in_warranty")
    expect(decision).to_contain_text("ROMOSS-II.3")

    page.get_by_label("保修卡", exact=True).uncheck()
    expect(decision).to_have_attribute("data-coverage", "excluded")
    expect(decision).to_contain_text("ROMOSS-III.2")
    _shot(page, "simulator-excluded-zh")

    page.get_by_label("购买日期").fill("2026-04-01")
    page.get_by_label("购买日期").dispatch_event("change")
    expect(page.locator("[data-testid=facts-errors]")).to_contain_text("不能晚于申请日期")
