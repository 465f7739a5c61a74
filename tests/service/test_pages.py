"""The service-order pages: list and detail with the decision and the timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sanbao.service.intake import IntakeDetails, service_order_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(outlet, users, bank):
    details = IntakeDetails(
        customer_name="张伟", customer_phone="13800138000", fault_code="no_output",
        serial="NEW0000001", model_sku="TOP-PB10",
        purchase_date=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip
    return service_order_register(outlet=outlet, details=details, by=users["front_desk"])


def test_it_lists_orders_found_by_card_number_with_masked_customers(client_as, users, order):
    response = client_as(users["technician"]).get("/browse/service-orders/", {"q": order.number})
    html = response.content.decode()
    assert response.status_code == 200 and order.number in html
    assert "138****8000" in html and "13800138000" not in html


def test_it_shows_the_decision_and_timeline_in_chinese(client_as, users, order):
    client = client_as(users["technician"])
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/browse/service-orders/{order.pk}/").content.decode()
    assert "保修期内" in html and 'data-testid="timeline"' in html and "已登记" in html


def test_it_hides_the_pages_from_dealers(client_as, users, order):
    assert client_as(users["dealer"]).get("/browse/service-orders/").status_code == 403
