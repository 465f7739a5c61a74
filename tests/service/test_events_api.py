"""POST /api/v1/service-orders/{number}/events and GET /api/v1/service-orders (the list)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sanbao.accounts.tokens import api_token_issue
from sanbao.service.models import Quote, ServiceOrder
from sanbao.service.parts import PartLine
from sanbao.service.quotes import quote_send
from sanbao.service.repairs import order_diagnose

pytestmark = pytest.mark.django_db

URL = "/api/v1/service-orders"


def _bearer(user) -> dict[str, str]:
    _token, clear = api_token_issue(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def _event(client, number, headers=None, **body):
    return client.post(
        f"{URL}/{number}/events", body, content_type="application/json", **(headers or {})
    )


def _quoted(register, technician, board):
    order = register()
    order_diagnose(
        number=order.number, findings="Dropped: case cracked",
        exclusions=["physical_damage"], by=technician,
    )  # fmt: skip
    quote_send(
        number=order.number, parts=[PartLine("PCB-10", 1)], labour=Decimal(0),
        freight=Decimal(0), by=technician,
    )  # fmt: skip
    return order


def test_it_diagnoses_with_a_token_and_answers_the_new_decision_and_event(
    client, register, technician
):
    order = register()
    assert order.coverage == "in_warranty"
    response = _event(
        client, order.number, _bearer(technician),
        action="diagnose", findings="Dropped: case cracked", exclusions=["physical_damage"],
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "diagnosing" and body["number"] == order.number
    assert body["coverage"] == "excluded" and body["decision"]["coverage"] == "excluded"
    assert body["exclusions"] == ["physical_damage"]
    assert body["findings"] == "Dropped: case cracked"
    last = body["events"][-1]
    assert (last["action"], last["from_status"], last["to_status"]) == (
        "diagnose", "registered", "diagnosing",
    )  # fmt: skip
    assert last["by"] == technician.username
    order.refresh_from_db()
    assert order.status == "diagnosing" and order.coverage == "excluded"


def test_it_takes_the_session_of_a_signed_in_browser(client_as, register, technician):
    order = register()
    response = _event(client_as(technician), order.number.lower(), action="diagnose", findings="x")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "diagnosing"


def test_it_refuses_a_caller_without_session_or_token(client, register):
    order = register()
    response = _event(client, order.number, action="diagnose", findings="x")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    order.refresh_from_db()
    assert order.status == "registered"


def test_it_answers_409_illegal_transition_and_changes_nothing(client_as, register, technician):
    order = register()
    response = _event(client_as(technician), order.number, action="repair", note="Resoldered")
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "illegal_transition" and error["message"]
    assert "fields" in error
    order.refresh_from_db()
    assert order.status == "registered" and order.events.count() == 1


def test_it_answers_403_to_a_front_desk_diagnosis(client_as, register, front_desk):
    order = register()
    response = _event(client_as(front_desk), order.number, action="diagnose", findings="Burnt")
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "forbidden"
    order.refresh_from_db()
    assert order.status == "registered" and order.findings == ""


def test_it_answers_404_for_an_unknown_order(client_as, technician):
    response = _event(client_as(technician), "TOP9901010001", action="diagnose", findings="x")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "order_not_found"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"action": "explode"}, "action"),
        ({"action": "quote", "labour": "-1"}, "labour"),
        ({"action": "repair", "labour_minutes": -5}, "labour_minutes"),
        ({"action": "repair", "parts": [{"code": "PCB-10", "quantity": 1}] * 21}, "parts"),
        ({"action": "repair", "parts": [{"code": "PCB-10", "quantity": 21}]}, "parts.0.quantity"),
        ({"action": "diagnose", "exclusions": ["bad_luck"]}, "exclusions.0"),
        ({"note": "no action"}, "action"),
    ],
)
def test_it_answers_422_naming_the_field(client_as, register, technician, changes, field):
    order = register()
    response = _event(client_as(technician), order.number, **changes)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert field in error["fields"], error["fields"]
    order.refresh_from_db()
    assert order.status == "registered" and order.events.count() == 1


def test_it_answers_422_from_the_service_for_a_diagnosis_without_findings(
    client_as, register, technician
):
    order = register()
    response = _event(client_as(technician), order.number, action="diagnose", findings="  ")
    assert response.status_code == 422
    assert "findings" in response.json()["error"]["fields"]


def test_it_approves_a_quote_at_the_desk_once(client_as, register, technician, front_desk, board):
    order = _quoted(register, technician, board)
    api = client_as(front_desk)
    first = _event(api, order.number, action="approve", note="Customer agreed on the phone")
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "approved"
    assert first.json()["quote"]["status"] == "approved"
    assert first.json()["quote"]["decided_via"] == "desk"
    again = _event(api, order.number, action="approve")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "quote_decided"
    declined = _event(api, order.number, action="decline")
    assert declined.status_code == 409
    order.refresh_from_db()
    assert order.status == "approved"
    assert Quote.objects.get(order=order).status == "approved"
    assert [e.action for e in order.events.all()].count("approve") == 1


def test_it_speaks_chinese_when_asked(client_as, register, technician):
    api = client_as(technician)
    missing = _event(api, "TOP9901010001", {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}, action="cancel")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "没有维修单 TOP9901010001。"
    invalid = _event(api, register().number, {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}, action="explode")
    assert invalid.status_code == 422
    assert invalid.json()["error"]["message"] == "有字段缺失或无效。"
    english = _event(api, "TOP9901010001", action="cancel")
    assert english.json()["error"]["message"] == "There is no service order TOP9901010001."


def test_it_answers_404_not_403_to_staff_of_another_brand(
    client_as, register, make_user, other_brand
):
    order = register()
    stranger = make_user("technician", username="romoss-tech")
    stranger.brands.set([other_brand])
    response = _event(client_as(stranger), order.number, action="diagnose", findings="x")
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "order_not_found"
    desk = make_user("front_desk", username="romoss-desk")
    desk.brands.set([other_brand])
    refused = _event(client_as(desk), order.number, action="diagnose", findings="x")
    assert refused.status_code == 404  # not 403: the order's existence stays hidden
    order.refresh_from_db()
    assert order.status == "registered"


def test_it_refuses_a_dealer_who_cannot_see_orders(client_as, register, make_user):
    order = register()
    response = _event(client_as(make_user("dealer")), order.number, action="cancel", note="x")
    assert response.status_code == 403


# The list


@pytest.fixture
def orders(register, outlet, hq, front_desk, technician):
    """Four orders: due in 5 days, overdue by 2, no due day, and one at headquarters."""
    from sanbao.service.intake import IntakeDetails, service_order_register

    today = timezone.localdate()
    later = register()
    overdue = register(customer_phone="13900139000")
    undated = register(customer_phone="13700137000")
    at_hq = service_order_register(
        outlet=hq,
        details=IntakeDetails(
            customer_name="李娜", customer_phone="13600136000", fault_code="no_output",
            serial="NEW0000009", model_sku="TOP-PB10",
        ),
        by=front_desk,
    )  # fmt: skip
    ServiceOrder.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=5))
    ServiceOrder.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=2))
    ServiceOrder.objects.filter(pk=undated.pk).update(due_on=None)
    ServiceOrder.objects.filter(pk=at_hq.pk).update(due_on=today + timedelta(days=1))
    order_diagnose(number=later.number, findings="Port loose", exclusions=[], by=technician)
    return {"later": later, "overdue": overdue, "undated": undated, "at_hq": at_hq}


def _numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_it_lists_orders_earliest_due_first_with_the_count(client_as, technician, orders):
    response = client_as(technician).get(URL)
    assert _numbers(response) == [
        orders[name].number for name in ("overdue", "at_hq", "later", "undated")
    ]
    assert response.json()["count"] == 4
    assert "13900139000" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "diagnosing"}, ["later"]),
        ({"outlet": "sz-hq"}, ["at_hq"]),
        ({"outlet": "gz", "overdue": "true"}, ["overdue"]),
        ({"overdue": "true", "status": "diagnosing"}, []),
    ],
)
def test_it_filters_the_list(client_as, technician, orders, params, expected):
    response = client_as(technician).get(URL, params)
    assert _numbers(response) == [orders[name].number for name in expected]
    assert response.json()["count"] == len(expected)


def test_it_finds_by_card_number_prefix_or_serial(client_as, technician, orders):
    api = client_as(technician)
    number = orders["at_hq"].number
    assert _numbers(api.get(URL, {"query": number.lower()})) == [number]
    assert _numbers(api.get(URL, {"query": "new0000009"})) == [number]
    everything = _numbers(api.get(URL, {"query": number[:9]}))  # the brand and day
    assert len(everything) == 4


def test_it_pages_with_limit_and_offset_keeping_the_count(client_as, technician, orders):
    response = client_as(technician).get(URL, {"limit": 2, "offset": 1})
    assert _numbers(response) == [orders["at_hq"].number, orders["later"].number]
    assert response.json()["count"] == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "lost"}, "status"),
        ({"overdue": "maybe"}, "overdue"),
    ],
)
def test_it_refuses_bad_list_parameters(client_as, technician, orders, params, field):
    response = client_as(technician).get(URL, params)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"], response.json()


def test_it_lists_only_the_brands_of_the_caller(client_as, make_user, other_brand, orders):
    stranger = make_user("technician", username="romoss-tech")
    stranger.brands.set([other_brand])
    response = client_as(stranger).get(URL)
    assert response.json() == {"count": 0, "items": []}


def test_it_refuses_a_request_too_large_to_read_with_413(client_as, technician, register, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    order = register()
    response = client_as(technician).post(
        f"/api/v1/service-orders/{order.number}/events",
        {"action": "diagnose", "findings": "x" * 5000},
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
