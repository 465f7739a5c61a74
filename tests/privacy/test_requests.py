"""Data-subject requests through the staff pages and the customer's own, phone-verified pages."""

import json
import re

import pytest

from sanbao.customers.models import Customer
from sanbao.privacy import phone_codes
from sanbao.privacy.models import Access, AccessLogEntry, DataSubjectRequest
from sanbao.service.models import ServiceOrder


@pytest.fixture
def sms(monkeypatch):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(phone_codes, "sms_send", lambda *, phone, text: sent.append((phone, text)))
    return sent


def _prove(client, sms, phone="13800138000"):
    client.post("/privacy/mine/", {"phone": phone})
    code = re.search(r"\b(\d{6})\b", sms[-1][1]).group(1)
    return client.post("/privacy/mine/code/", {"code": code})


def test_a_customer_proves_the_phone_and_downloads_their_data(client, old_order, sms):
    order = old_order(days=10)
    response = _prove(client, sms)
    assert response.status_code == 302 and response.url == "/privacy/mine/data/"
    page = client.get("/privacy/mine/data/")
    assert "张伟" in page.content.decode() and order.number in page.content.decode()
    assert "PIPL-47" in page.content.decode()  # the right to deletion it rests on
    exported = client.post("/privacy/mine/data/export.json")
    data = json.loads(exported.content)
    assert data["customer"]["phone"] == "+8613800138000"
    assert [o["number"] for o in data["service_orders"]] == [order.number]
    pdf = client.post("/privacy/mine/data/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    logged = AccessLogEntry.objects.filter(action=Access.REQUEST, user__isnull=True)
    assert logged.count() == 2
    assert DataSubjectRequest.objects.filter(kind="export", via="portal").count() == 2


def test_an_unknown_phone_gets_the_same_answer_and_no_sms(client, db, sms):
    response = client.post("/privacy/mine/", {"phone": "13900000000"})
    assert response.status_code == 302 and not sms
    wrong = client.post("/privacy/mine/code/", {"code": "123456"})
    assert wrong.status_code == 422
    assert client.get("/privacy/mine/data/").status_code == 302


def test_a_wrong_code_counts_and_five_end_the_code(client, old_order, sms):
    old_order(days=10)
    client.post("/privacy/mine/", {"phone": "13800138000"})
    code = re.search(r"\b(\d{6})\b", sms[-1][1]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert client.post("/privacy/mine/code/", {"code": wrong}).status_code == 422
    assert client.post("/privacy/mine/code/", {"code": code}).status_code == 422


def test_a_bad_phone_is_a_clear_error(client, db, sms):
    response = client.post("/privacy/mine/", {"phone": "12"})
    assert response.status_code == 422 and "privacy-error" in response.content.decode()


def test_deletion_waits_for_an_open_order_and_says_why(client, register, sms):
    order = register()
    _prove(client, sms)
    page = client.post("/privacy/mine/data/erase/")
    assert order.number in page.content.decode()
    request = DataSubjectRequest.objects.get(kind="erase")
    assert request.status == "waiting" and request.holds[0]["code"] == "open_order"
    assert Customer.objects.get(pk=order.customer_id).name == "张伟"


def test_deletion_erases_when_nothing_holds(client, old_order, sms):
    order = old_order(days=10)
    _prove(client, sms)
    page = client.post("/privacy/mine/data/erase/")
    assert "privacy-erased" in page.content.decode()
    customer = Customer.objects.get(pk=order.customer_id)
    assert customer.erased_at is not None and customer.name == ""
    assert ServiceOrder.objects.get(pk=order.pk).personal_data_purged_at is not None
    assert client.get("/privacy/mine/data/").status_code == 302  # the session is gone


def test_a_waiting_deletion_is_done_when_the_hold_ends(register, technician, front_desk):
    from sanbao.privacy.requests import data_request_erase, erase_requests_retry
    from sanbao.service.handback import order_hand_back
    from sanbao.service.repairs import order_repair_on_spot
    from tests.service.conftest import signature_png

    order = register()
    data_request_erase(customer=order.customer, via="staff", by=front_desk, where="/t")
    assert erase_requests_retry() == 0
    order_repair_on_spot(
        number=order.number, work_done="Fixed", parts=[], labour_minutes=5, by=technician
    )
    order_hand_back(number=order.number, signature=signature_png(), by=front_desk)
    assert erase_requests_retry() == 1
    assert Customer.objects.get(pk=order.customer_id).erased_at is not None


def test_staff_export_and_erase_on_the_customers_behalf(client, old_order, front_desk):
    order = old_order(days=10)
    client.force_login(front_desk)
    detail = client.get(f"/browse/customers/{order.customer_id}/")
    assert detail.status_code == 200 and "staff-erase" in detail.content.decode()
    exported = client.post(f"/privacy/customers/{order.customer_id}/export.json")
    assert json.loads(exported.content)["customer"]["name"] == "张伟"
    assert client.post(f"/privacy/customers/{order.customer_id}/export.xml").status_code == 404
    erased = client.post(f"/privacy/customers/{order.customer_id}/erase/")
    assert erased.status_code == 302
    assert Customer.objects.get(pk=order.customer_id).erased_at is not None
    entries = AccessLogEntry.objects.filter(user=front_desk, action=Access.REQUEST)
    assert sorted(entries.values_list("detail", flat=True)) == ["erase", "export"]


def test_the_api_takes_a_customers_request_with_the_phone_code(client, old_order, sms):
    order = old_order(days=10)
    sent = client.post(
        "/api/v1/privacy/phone-codes", {"phone": "13800138000"}, content_type="application/json"
    )
    assert sent.status_code == 202
    code = re.search(r"\b(\d{6})\b", sms[-1][1]).group(1)
    body = {"phone": "13800138000", "code": code, "kind": "export"}
    exported = client.post("/api/v1/privacy/data-requests", body, content_type="application/json")
    assert exported.status_code == 200
    assert exported.json()["data"]["service_orders"][0]["number"] == order.number
    again = client.post("/api/v1/privacy/data-requests", body, content_type="application/json")
    assert again.status_code == 422 and again.json()["error"]["code"] == "wrong_code"


def test_staff_erase_through_the_api_waits_for_an_open_order(client, register, front_desk):
    order = register()
    client.force_login(front_desk)
    response = client.post(
        f"/api/v1/customers/{order.customer_id}/data-requests", {"kind": "erase"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["status"] == "waiting"
    assert order.number in response.json()["holds"][0]
