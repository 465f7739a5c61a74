"""Every role signs in and sees its own home; dealers go to their portal."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from sanbao.accounts.roles import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [code for code, role in ROLES.items() if not role.is_dealer])
def test_it_shows_each_staff_role_its_home(client_as, make_user, role):
    page = client_as(make_user(role)).get(reverse("web:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-role="{role}"' in html
    assert escape(str(ROLES[role].duties)) in html


def test_it_sends_a_dealer_to_the_dealer_portal(client_as, make_user):
    response = client_as(make_user("dealer")).get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dealer_home")


def test_it_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_home_in_chinese(client_as, make_user):
    client = client_as(make_user("front_desk"))
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("web:home")).content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "前台" in html


def test_it_counts_only_the_users_brands(client_as, make_user, brand, other_brand):
    from sanbao.catalog.models import ProductModel

    ProductModel.objects.create(brand=brand, sku="A", name_en="A", name_zh="A", category="cable")
    ProductModel.objects.create(
        brand=other_brand, sku="B", name_en="B", name_zh="B", category="cable"
    )
    home = client_as(make_user("front_desk")).get(reverse("web:home")).context["home"]
    assert ("product-models", 1, "web:object_list:product-models") in home.figures
