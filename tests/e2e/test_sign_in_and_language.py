"""Two roles sign in in Chromium, see their homes, and switch the site to Chinese."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_it_lets_front_desk_sign_in_and_switch_to_chinese(page, sign_in, make_user):
    make_user("front_desk", first_name="Lin", last_name="Mei")
    sign_in("front_desk", PASSWORD)
    expect(page.locator("h1")).to_contain_text("Welcome, Lin")
    expect(page.locator("[data-role=front_desk]")).to_contain_text("Front desk")
    _shot(page, "front-desk-home-en")

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_contain_text("欢迎")
    expect(page.locator("[data-role=front_desk]")).to_contain_text("前台")
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    _shot(page, "front-desk-home-zh")

    # The choice persists: a new visit after signing out and in again is still Chinese.
    page.get_by_role("button", name="退出登录").click()
    sign_in("front_desk", PASSWORD)
    expect(page.locator("h1")).to_contain_text("欢迎")


def test_it_lets_a_manager_browse_product_models_in_both_languages(page, sign_in, make_user, brand):
    from sanbao.catalog.models import ProductModel

    ProductModel.objects.create(
        brand=brand,
        sku="TOP-PB20",
        name_en="TOP 20000 mAh power bank",
        name_zh="TOP 20000毫安移动电源",
        category="power_bank",
        capacity_mah=20000,
    )
    ProductModel.objects.create(
        brand=brand, sku="TOP-C1", name_en="TOP cable", name_zh="TOP 数据线", category="cable"
    )
    make_user("manager")
    sign_in("manager", PASSWORD)
    expect(page.locator("[data-role=manager]")).to_be_visible()
    page.get_by_role("link", name="Product models").first.click()
    expect(page.locator("h1")).to_have_text("Product models")
    page.get_by_label("Search").fill("20000")
    expect(page.locator("#object-table tbody tr")).to_have_count(1)
    expect(page.locator("#object-table")).to_contain_text("TOP-PB20")
    _shot(page, "manager-product-models-en")

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("h1")).to_have_text("产品型号")
    # The search typed before switching is kept.
    expect(page.locator("#object-table tbody tr")).to_have_count(1)
    expect(page.locator("#object-table")).to_contain_text("TOP 20000毫安移动电源")
    expect(page.locator("#object-table")).to_contain_text("移动电源")
    _shot(page, "manager-product-models-zh")


def test_it_takes_a_dealer_to_the_dealer_portal(page, sign_in, make_user, dealer):
    make_user("dealer")
    sign_in("dealer", PASSWORD)
    expect(page.locator("h1")).to_have_text(dealer.name)
    expect(page.get_by_text(dealer.credit_code)).to_be_visible()
    _shot(page, "dealer-portal-en")
