"""The customer's tracking pages: /t/<number>, finding an order with the card number and
the phone's last four digits, the lockout and rate limit, answering a quote, the card PDF."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from sanbao.service.models import Quote, ServiceOrder
from sanbao.service.parts import PartLine
from sanbao.service.quotes import quote_send
from sanbao.service.repairs import order_diagnose
from tests.service import conftest as service_fixtures

pytestmark = pytest.mark.django_db

# The service orders' fixtures, shared with tests/service/.
unit = service_fixtures.unit
front_desk = service_fixtures.front_desk
board = service_fixtures.board
register = service_fixtures.register

FIND = "/portal/track/"
RIGHT = "8000"  # the last four digits of 138 0013 8000


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.PUBLIC_CHECK_LIMIT = 1000
    settings.CLIENT_IP_HEADER = ""
    settings.TRACKING_FAILURE_LIMIT = 3
    settings.TRACKING_LOCKOUT_SECONDS = 900


@pytest.fixture
def technician(make_user):
    return make_user("technician", username="tech-wang")


@pytest.fixture
def order(register, technician):
    order = register()
    order_diagnose(number=order.number, findings="Port loose", exclusions=[], by=technician)
    return order


@pytest.fixture
def quoted(register, technician, board):
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


def _find(client, number, digits=RIGHT, **extra):
    return client.post(FIND, {"card": number, "phone_last4": digits}, **extra)


def _order_url(order) -> str:
    return f"/portal/track/{order.number}/"


def test_it_sends_the_qr_code_link_to_the_form_with_the_card_filled_in(client, order):
    response = client.get(f"/t/{order.number.lower()}")
    assert response.status_code == 302
    assert response["Location"] == f"{FIND}?card={order.number}"
    form = client.get(response["Location"]).content.decode()
    assert f'value="{order.number}"' in form


def test_it_sends_the_qr_code_link_straight_to_an_order_found_before(client, order):
    _find(client, order.number)
    response = client.get(f"/t/{order.number}")
    assert response.status_code == 302 and response["Location"] == _order_url(order)


def test_it_shows_the_order_with_the_right_digits(client, order, technician, front_desk):
    response = _find(client, f" {order.number.lower()} ")
    assert response.status_code == 302 and response["Location"] == _order_url(order)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert order.number in html and "Diagnosing" in html
    assert 'data-testid="track-timeline"' in html and "Diagnose" in html
    for secret in (technician.username, front_desk.username, "13800138000", "138 0013 8000"):
        assert secret not in html
    assert "Port loose" not in html  # the technician's notes stay inside


def test_it_says_nothing_matches_to_wrong_digits(client, order):
    response = _find(client, order.number, "1234")
    assert response.status_code == 404
    assert "The card number and phone digits do not match an order." in response.content.decode()
    assert 'data-testid="track-error"' in response.content.decode()
    assert client.get(_order_url(order)).status_code == 302  # not found in this session


def test_it_answers_an_unknown_card_as_it_answers_wrong_digits(client, order):
    unknown = _find(client, "TOP9901010001", "1234")
    wrong = _find(client, order.number, "1234")
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.context["error"] == wrong.context["error"]


def _failures(order) -> int:
    return int(cache.get(f"track-failures:{order.number}") or 0)


def test_it_asks_for_four_digits(client, order):
    response = _find(client, order.number, "80a")
    assert response.status_code == 422
    assert _failures(order) == 0


def test_it_locks_the_card_after_the_failure_limit_even_for_the_right_digits(client, order):
    for _attempt in range(2):
        assert _find(client, order.number, "1234").status_code == 404
    locking = _find(client, order.number, "1234")
    assert locking.status_code == 429
    assert "Too many wrong tries" in locking.context["error"]
    locked = _find(client, order.number, RIGHT)
    assert locked.status_code == 429
    assert client.get(_order_url(order)).status_code == 302
    cache.delete(f"track-failures:{order.number}")  # as when the lockout expires
    unlocked = _find(client, order.number, RIGHT)
    assert unlocked.status_code == 302 and unlocked["Location"] == _order_url(order)


def test_it_forgets_failures_after_the_right_digits(client, order):
    for _attempt in range(2):
        _find(client, order.number, "1234")
    assert _find(client, order.number, RIGHT).status_code == 302
    for _attempt in range(2):
        assert _find(client, order.number, "1234").status_code == 404
    assert _failures(order) == 2


def test_it_locks_one_card_not_the_others(client, order, register):
    other = register(customer_phone="13900139000")
    for _attempt in range(3):
        _find(client, order.number, "1234")
    assert _find(client, other.number, "9000").status_code == 302


def test_it_limits_the_tries_per_network(client, order, settings):
    settings.PUBLIC_CHECK_LIMIT = 2
    for _attempt in range(2):
        assert _find(client, order.number, "1234").status_code == 404
    limited = _find(client, order.number, RIGHT)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert "Too many tries from your network" in limited.content.decode()
    assert _failures(order) == 2  # the limited try never reached the card
    elsewhere = _find(client, order.number, RIGHT, REMOTE_ADDR="10.1.2.3")
    assert elsewhere.status_code == 302


def test_it_sends_an_order_page_not_found_in_this_session_to_the_form(client, order):
    response = client.get(_order_url(order))
    assert response.status_code == 302
    assert response["Location"] == f"{FIND}?card={order.number}"


def test_it_shows_the_quote_and_takes_the_customers_approval_once(client, quoted):
    _find(client, quoted.number)
    html = client.get(_order_url(quoted)).content.decode()
    assert 'data-testid="track-quote"' in html and 'value="approve"' in html
    assert "¥18.50" in html
    response = client.post(f"/portal/track/{quoted.number}/quote/", {"answer": "approve"})
    assert response.status_code == 302 and response["Location"] == _order_url(quoted)
    quoted.refresh_from_db()
    quote = Quote.objects.get(order=quoted)
    assert quoted.status == "approved"
    assert quote.status == "approved" and quote.decided_via == "portal"
    event = quoted.events.last()
    assert event.action == "approve" and event.by is None
    again = client.post(f"/portal/track/{quoted.number}/quote/", {"answer": "decline"}, follow=True)
    assert "This quote has already been answered." in again.content.decode()
    assert 'value="approve"' not in again.content.decode()
    quoted.refresh_from_db()
    quote.refresh_from_db()
    assert quoted.status == "approved" and quote.status == "approved"
    assert quoted.events.filter(action__in=["approve", "decline"]).count() == 1


def test_it_takes_the_customers_refusal(client, quoted):
    _find(client, quoted.number)
    client.post(f"/portal/track/{quoted.number}/quote/", {"answer": "decline"})
    quoted.refresh_from_db()
    assert quoted.status == "declined"
    assert Quote.objects.get(order=quoted).decided_via == "portal"


def test_it_takes_no_answer_to_a_quote_of_an_order_not_found(client, quoted):
    response = client.post(f"/portal/track/{quoted.number}/quote/", {"answer": "approve"})
    assert response.status_code == 404
    quoted.refresh_from_db()
    assert quoted.status == "quoted"


def test_it_takes_quote_answers_by_post_only(client, quoted):
    _find(client, quoted.number)
    assert client.get(f"/portal/track/{quoted.number}/quote/").status_code == 405


def test_it_gives_the_card_of_the_tracked_order_only(client, order, register):
    other = register(customer_phone="13900139000")
    _find(client, order.number)
    response = client.get(f"/portal/track/{order.number}/card.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.get(f"/portal/track/{other.number}/card.pdf").status_code == 404


def test_it_shows_the_status_in_the_customers_language(client, order):
    client.cookies["django_language"] = "zh-hans"
    _find(client, order.number)
    html = client.get(_order_url(order)).content.decode()
    assert "检测中" in html and "Diagnosing" not in html


def test_it_does_not_tell_by_the_lockout_whether_a_card_exists(client, order):
    unknown = "TOP9901010001"
    answers = {number: [] for number in (order.number, unknown)}
    for number, statuses in answers.items():
        for _attempt in range(4):
            statuses.append(_find(client, number, "1234").status_code)
    assert answers[order.number] == answers[unknown]


def test_it_keeps_the_internal_overdue_mark_off_the_customers_timeline(client, order, make_user):
    from sanbao.service.sla import orders_overdue_sweep

    make_user("manager", email="li.manager@top.example.cn")
    yesterday = timezone.localdate() - timedelta(days=1)
    ServiceOrder.objects.filter(pk=order.pk).update(due_on=yesterday)
    assert orders_overdue_sweep() == 1
    _find(client, order.number)
    html = client.get(_order_url(order)).content.decode()
    assert "Diagnose" in html  # the timeline is there
    assert "manager notified" not in html
