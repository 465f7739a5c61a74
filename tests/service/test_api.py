"""POST /api/v1/service-orders and GET /api/v1/service-orders/{number}."""

from datetime import date

import pytest

from sanbao.catalog.models import Unit
from sanbao.service.models import ServiceOrder

pytestmark = pytest.mark.django_db

URL = "/api/v1/service-orders"


@pytest.fixture
def unit(bank):
    return Unit.objects.create(
        brand=bank.brand, serial="TOP0000000001", model=bank, produced_on=date(2025, 3, 1)
    )


def _order(**changes):
    body = {
        "outlet": "gz",
        "customer": {"name": "张伟", "phone": "13800138000", "city": "广州市"},
        "serial": "TOP0000000001",
        "purchase_date": "2026-01-10",
        "fault_code": "no_charge",
        "fault_description": "不能充电",
    }
    return {**body, **changes}


def test_it_registers_and_reads_back_with_the_phone_masked(client_as, make_user, unit):
    api = client_as(make_user("front_desk"))
    response = api.post(URL, _order(), content_type="application/json")
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    read = api.get(f"{URL}/{number}")
    assert read.status_code == 200
    order = read.json()
    assert order["status"] == "registered" and order["events"][0]["action"] == "register"
    assert "13800138000" not in read.content.decode() and "138****8000" in order["customer"]


def test_it_lets_only_front_desk_register(client_as, make_user, unit):
    response = client_as(make_user("technician")).post(
        URL, _order(), content_type="application/json"
    )
    assert response.status_code == 403
    assert not ServiceOrder.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"outlet": "nowhere"}, 422, "outlet"),
        ({"fault_code": "exploded"}, 422, "fault_code"),
        ({"customer": {"name": "张伟", "phone": "12"}}, 422, "customer.phone"),
        ({"serial": "UNKNOWN01"}, 422, "model_sku"),
    ],
)
def test_it_names_what_is_wrong(client_as, make_user, unit, changes, status, field):
    response = client_as(make_user("front_desk")).post(
        URL, _order(**changes), content_type="application/json"
    )
    assert response.status_code == status, response.content
    fields = response.json()["error"]["fields"]
    assert any(name.startswith(field) or field.startswith(name) for name in fields), fields
    assert not ServiceOrder.objects.exists()


def test_it_hides_other_brands_orders(client_as, make_user, unit, other_brand):
    number = (
        client_as(make_user("front_desk"))
        .post(URL, _order(), content_type="application/json")
        .json()["number"]
    )
    stranger = make_user("technician", username="romoss-tech")
    stranger.brands.set([other_brand])
    response = client_as(stranger).get(f"{URL}/{number}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "order_not_found"
