"""The staff pages of the maintenance register: intake, acting on an order, card and
signature files, and the boards."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.shortcuts import resolve_url
from django.utils import timezone

from sanbao.customers.models import Customer
from sanbao.service.models import ServiceOrder, ServiceOrderEvent
from sanbao.service.repairs import order_diagnose, order_repair_on_spot
from tests.service.conftest import signature_png

pytestmark = pytest.mark.django_db

INTAKE = "/service/intake/"


def _page(order) -> str:
    return f"/browse/service-orders/{order.pk}/"


def _act(order, action) -> str:
    return f"/service/orders/{order.number}/act/{action}/"


def _intake(outlet, unit, **changes):
    values = {
        "outlet": outlet.pk,
        "intake": "walk_in",
        "customer_name": "张伟",
        "customer_phone": "138 0013 8000",
        "customer_language": "zh-hans",
        "serial": unit.serial,
        "purchase_date": (timezone.localdate() - timedelta(days=40)).isoformat(),
        "sales_channel": "offline",
        "warranty_card_number": "W-1",
        "fault_code": "port_damage",
        "fault_description": "充电口松动",
    }
    return {**values, **changes}


@pytest.fixture
def stranger(make_user, other_brand):
    """A technician who works for the other brand only."""
    user = make_user("technician", username="romoss-tech")
    user.brands.set([other_brand])
    return user


# Intake


def test_it_shows_the_intake_form_to_the_front_desk(client_as, front_desk, outlet):
    response = client_as(front_desk).get(INTAKE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="customer_phone"' in html and 'data-testid="intake-live"' in html
    assert 'data-testid="intake-hint"' in html  # nothing typed yet: no decision


def test_it_refuses_the_intake_form_to_a_technician(client_as, technician):
    assert client_as(technician).get(INTAKE).status_code == 403


def test_it_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(INTAKE)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(django_settings.LOGIN_URL))


def test_it_registers_and_opens_the_order_page(client_as, front_desk, outlet, unit):
    client = client_as(front_desk)
    response = client.post(INTAKE, _intake(outlet, unit))
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(order)
    assert order.customer.phone == "+8613800138000" and order.unit == unit
    assert order.outlet == outlet and order.created_by == front_desk
    page = client.get(response["Location"])
    assert order.number in page.content.decode()


def test_it_shows_a_bad_phone_again_with_422_and_registers_nothing(
    client_as, front_desk, outlet, unit
):
    response = client_as(front_desk).post(INTAKE, _intake(outlet, unit, customer_phone="12345"))
    assert response.status_code == 422
    assert "12345 is not a valid phone number." in response.content.decode()
    assert 'value="张伟"' in response.content.decode()  # what was typed stays
    assert not ServiceOrder.objects.exists() and not Customer.objects.exists()
    assert not ServiceOrderEvent.objects.exists()


def test_it_marks_the_phone_field_itself_as_wrong(client_as, front_desk, outlet, unit):
    response = client_as(front_desk).post(INTAKE, _intake(outlet, unit, customer_phone="12345"))
    assert response.status_code == 422
    assert "customer_phone" in response.context["form"].errors


def test_it_shows_a_missing_required_field_at_the_field(client_as, front_desk, outlet, unit):
    response = client_as(front_desk).post(INTAKE, _intake(outlet, unit, customer_name=""))
    assert response.status_code == 422
    assert "customer_name" in response.context["form"].errors
    assert not ServiceOrder.objects.exists()


def test_it_shows_the_live_decision_for_a_known_serial(client_as, front_desk, outlet, unit):
    response = client_as(front_desk).post(
        "/service/intake/live/", _intake(outlet, unit, fault_code="no_output")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="live-coverage"' in html and "In warranty" in html
    assert unit.serial in html and "<html" not in html


def test_it_shows_the_live_decision_for_a_model_without_serial(client_as, front_desk, outlet, bank):
    data = {
        "outlet": outlet.pk, "serial": "", "model_sku": bank.sku, "fault_code": "no_output",
        "purchase_date": (timezone.localdate() - timedelta(days=800)).isoformat(),
    }  # fmt: skip
    html = client_as(front_desk).post("/service/intake/live/", data).content.decode()
    assert "Not in the registry" in html and "Out of warranty" in html


def test_it_hints_until_a_serial_or_model_is_typed(client_as, front_desk, outlet):
    response = client_as(front_desk).post("/service/intake/live/", {"outlet": outlet.pk})
    html = response.content.decode()
    assert 'data-testid="intake-hint"' in html and 'data-testid="live-coverage"' not in html


def test_it_takes_the_live_decision_by_post_only(client_as, front_desk):
    assert client_as(front_desk).get("/service/intake/live/").status_code == 405


# The order page and its actions


def _actions(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-action="([a-z_]+)"', html))


def test_it_offers_a_technician_a_form_per_allowed_action(client_as, register, technician):
    order = register()
    html = client_as(technician).get(_page(order)).content.decode()
    assert _actions(html) == {"diagnose", "repair_on_spot", "transfer_to_hq", "cancel"}
    assert f'action="{_act(order, "diagnose")}"' in html


def test_it_offers_the_front_desk_no_diagnosis(client_as, register, front_desk):
    order = register()
    html = client_as(front_desk).get(_page(order)).content.decode()
    assert _actions(html) == {"cancel"}


def test_it_diagnoses_through_the_page(client_as, register, technician):
    order = register()
    client = client_as(technician)
    response = client.post(
        _act(order, "diagnose"),
        {"diagnose-findings": "Dropped: case cracked", "diagnose-exclusions": ["physical_damage"]},
    )
    assert response.status_code == 302 and response["Location"] == _page(order)
    order.refresh_from_db()
    assert order.status == "diagnosing" and order.coverage == "excluded"
    assert order.exclusions == ["physical_damage"]
    html = client.get(response["Location"]).content.decode()
    assert "Done: Diagnose." in html and "quote" in _actions(html)


def test_it_shows_an_invalid_action_form_again_and_changes_nothing(client_as, register, technician):
    order = register()
    response = client_as(technician).post(
        _act(order, "repair_on_spot"),
        {"repair_on_spot-note": "", "repair_on_spot-labour_minutes": "-3"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert {"note", "labour_minutes"} <= set(form.errors)
    assert 'data-action="repair_on_spot"' in response.content.decode()
    order.refresh_from_db()
    assert order.status == "registered" and order.events.count() == 1


def test_it_shows_a_refusal_of_the_service_on_the_form(client_as, register, technician):
    order = register(fault_code="overheating")  # serious: no repair on the spot
    response = client_as(technician).post(
        _act(order, "repair_on_spot"),
        {"repair_on_spot-note": "Reset", "repair_on_spot-labour_minutes": "5"},
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    order.refresh_from_db()
    assert order.status == "registered"


@pytest.mark.parametrize("action", ["close", "diagnose", "explode"])
def test_it_redirects_an_action_not_open_now_with_a_message(
    client_as, register, front_desk, action
):
    order = register()
    client = client_as(front_desk)
    response = client.post(_act(order, action), {f"{action}-note": "x", f"{action}-findings": "x"})
    assert response.status_code == 302 and response["Location"] == _page(order)
    order.refresh_from_db()
    assert order.status == "registered" and order.events.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "This action is not open for the order now." in html


def test_it_hides_the_actions_of_another_brands_order(client_as, register, stranger):
    order = register()
    response = client_as(stranger).post(_act(order, "cancel"), {"cancel-note": "x"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "registered"


# Card and signature


def test_it_prints_the_card_for_staff_of_the_brand(client_as, register, technician):
    order = register()
    response = client_as(technician).get(f"/service/orders/{order.number}/card.pdf?lang=zh-hans")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"{order.number}-zh-hans.pdf" in response["Content-Disposition"]


def test_it_refuses_a_language_it_does_not_print(client_as, register, technician):
    order = register()
    response = client_as(technician).get(f"/service/orders/{order.number}/card.pdf?lang=fr")
    assert response.status_code == 404


def test_it_hides_the_card_from_another_brand(client_as, register, stranger):
    order = register()
    response = client_as(stranger).get(f"/service/orders/{order.number}/card.pdf?lang=en")
    assert response.status_code == 404


def test_it_sends_an_anonymous_card_request_to_sign_in(client, register):
    order = register()
    response = client.get(f"/service/orders/{order.number}/card.pdf?lang=zh-hans")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(django_settings.LOGIN_URL))


@pytest.fixture
def signed(register, technician, front_desk, settings, tmp_path):
    from sanbao.service.handback import order_hand_back

    settings.MEDIA_ROOT = tmp_path
    order = register()
    order_repair_on_spot(
        number=order.number, work_done="Reset", parts=[], labour_minutes=5, by=technician
    )
    order_hand_back(number=order.number, signature=signature_png(), by=front_desk)
    order.refresh_from_db()
    return order


def test_it_shows_the_signature_to_staff_of_the_brand(client_as, signed, technician):
    response = client_as(technician).get(f"/service/orders/{signed.number}/signature.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]


def test_it_hides_the_signature_from_another_brand_and_anonymous(
    client, client_as, signed, stranger
):
    url = f"/service/orders/{signed.number}/signature.png"
    assert client.get(url).status_code == 302
    assert client_as(stranger).get(url).status_code == 404


def test_it_has_no_signature_before_signing(client_as, register, technician):
    order = register()
    response = client_as(technician).get(f"/service/orders/{order.number}/signature.png")
    assert response.status_code == 404


# The boards


@pytest.fixture
def due_orders(register, technician):
    """Three open orders: overdue by 3 days, due today, due in 4 days; and a closed one."""
    today = timezone.localdate()
    overdue, due_today, later, closed = (
        register(customer_phone=phone)
        for phone in ("13800138000", "13900139000", "13700137000", "13600136000")
    )
    for order, days in ((overdue, -3), (due_today, 0), (later, 4), (closed, -10)):
        ServiceOrder.objects.filter(pk=order.pk).update(due_on=today + timedelta(days=days))
    ServiceOrder.objects.filter(pk=closed.pk).update(status="cancelled")
    order_diagnose(number=later.number, findings="Port loose", exclusions=[], by=technician)
    return {"overdue": overdue, "today": due_today, "later": later, "closed": closed}


def test_it_lists_overdue_orders_on_the_bench_and_highlights_them(
    client_as, technician, due_orders
):
    response = client_as(technician).get("/service/board/", {"board": "bench", "due": "overdue"})
    assert response.status_code == 200
    html = response.content.decode()
    assert due_orders["overdue"].number in html
    for name in ("today", "later", "closed"):
        assert due_orders[name].number not in html
    row = html.split(due_orders["overdue"].number)[0].rsplit("<tr", 1)[1]
    assert "table-danger" in row
    assert "Overdue" in html and "<html" in html


def test_it_lists_open_orders_most_urgent_first(client_as, technician, due_orders):
    html = client_as(technician).get("/service/board/", {"board": "bench"}).content.decode()
    positions = [html.find(due_orders[name].number) for name in ("overdue", "today", "later")]
    assert -1 not in positions and positions == sorted(positions)
    assert due_orders["closed"].number not in html
    assert "3 open orders" in html


def test_it_answers_htmx_with_the_table_only(client_as, technician, due_orders):
    response = client_as(technician).get(
        "/service/board/", {"board": "bench", "due": "today"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="board"' in html
    assert "<html" not in html and "<form" not in html
    assert due_orders["today"].number in html and due_orders["overdue"].number not in html
    assert "table-warning" in html


def test_it_shows_no_board_to_a_dealer(client_as, make_user):
    assert client_as(make_user("dealer")).get("/service/board/").status_code == 403


def test_it_shows_another_brand_an_empty_board(client_as, stranger, due_orders):
    html = client_as(stranger).get("/service/board/", {"board": "bench"}).content.decode()
    assert 'data-testid="board"' in html and "0 open orders" in html
    assert all(order.number not in html for order in due_orders.values())
