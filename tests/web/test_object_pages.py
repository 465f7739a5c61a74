"""Generic list and detail pages: search, filters, scope and permissions."""

import pytest
from django.urls import reverse

from sanbao.catalog.models import ProductModel

pytestmark = pytest.mark.django_db


@pytest.fixture
def models(brand, other_brand):
    return [
        ProductModel.objects.create(
            brand=brand,
            sku="TOP-PB10",
            name_en="10000 mAh bank",
            name_zh="一万毫安移动电源",
            category="power_bank",
            capacity_mah=10000,
        ),
        ProductModel.objects.create(
            brand=brand, sku="TOP-C1", name_en="Cable", name_zh="数据线", category="cable"
        ),
        ProductModel.objects.create(
            brand=other_brand,
            sku="RMS-PB20K",
            name_en="20000 mAh bank",
            name_zh="两万",
            category="power_bank",
            capacity_mah=20000,
        ),
    ]


def _list(client, **params):
    return client.get(reverse("web:object_list:product-models"), params)


def test_it_lists_only_the_brands_the_user_works_for(client_as, make_user, models):
    html = _list(client_as(make_user("front_desk"))).content.decode()
    assert "TOP-PB10" in html and "TOP-C1" in html
    assert "RMS-PB20K" not in html


def test_it_searches_and_filters(client_as, make_user, models):
    client = client_as(make_user("manager"))
    assert "RMS-PB20K" in _list(client, q="20000").content.decode()
    assert "TOP-C1" not in _list(client, q="20000").content.decode()
    html = _list(client, category="cable").content.decode()
    assert "TOP-C1" in html and "TOP-PB10" not in html


def test_it_reports_an_unknown_filter_value_and_ignores_it(client_as, make_user, models):
    html = _list(client_as(make_user("manager")), category="toaster").content.decode()
    assert "is not a choice for" in html
    assert "TOP-PB10" in html


def test_it_renders_only_the_table_for_htmx(client_as, make_user, models):
    response = client_as(make_user("manager")).get(
        reverse("web:object_list:product-models"), {"q": "Cable"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "TOP-C1" in html


def test_it_hides_a_detail_outside_the_users_brands(client_as, make_user, models):
    client = client_as(make_user("front_desk"))
    own, foreign = models[0], models[2]
    assert client.get(reverse("web:object_detail:product-models", args=[own.pk])).status_code == 200
    url = reverse("web:object_detail:product-models", args=[foreign.pk])
    assert client.get(url).status_code == 404


def test_it_forbids_a_role_without_the_permission(client_as, make_user, dealer):
    client = client_as(make_user("front_desk"))
    assert client.get(reverse("web:object_list:dealers")).status_code == 403
    assert client.get(reverse("web:object_detail:dealers", args=[dealer.pk])).status_code == 403
