"""Text the database cannot store is refused at the API's door, wherever it is sent. A NUL
character reached PostgreSQL, which refuses it in text: a 500, found by
tests/config/test_api_fuzz.py. Half of a surrogate pair (JSON can spell one, UTF-8 cannot
encode it) is refused by the validation already; the test keeps it that way."""

import json

import pytest

from sanbao.accounts.models import ApiToken
from sanbao.accounts.tokens import api_token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(make_user):
    _token, secret = api_token_issue(user=make_user("admin"), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _refused(response, field):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert field in error["fields"], error


@pytest.mark.parametrize("text", ["ab\x00c", "ab\ud800c"])
def test_it_refuses_such_text_in_a_json_body(client, bearer, text):
    body = json.dumps({"name": text})  # ensure_ascii: the JSON spells them \u0000, \ud800
    response = client.post(
        "/api/v1/accounts/me/tokens", body, content_type="application/json", **bearer
    )
    _refused(response, "name")
    assert ApiToken.objects.count() == 1


def test_it_refuses_it_in_a_nested_field(client, bearer, outlet, bank):
    body = {
        "outlet": outlet.code, "fault_code": "no_charge", "model_sku": "TOP-PB10",
        "customer": {"name": "张伟", "phone": "13800138000", "address_detail": "1\x00号"},
    }  # fmt: skip
    response = client.post(
        "/api/v1/service-orders", json.dumps(body), content_type="application/json", **bearer
    )
    _refused(response, "customer.address_detail")


def test_it_refuses_it_in_a_list(client, bearer, outlet, bank):
    body = {
        "outlet": outlet.code, "fault_code": "no_charge", "model_sku": "TOP-PB10",
        "customer": {"name": "张伟", "phone": "13800138000"}, "accessories_received": ["\x00"],
    }  # fmt: skip
    response = client.post(
        "/api/v1/service-orders", json.dumps(body), content_type="application/json", **bearer
    )
    _refused(response, "accessories_received.0")


def test_it_refuses_it_in_a_query(client, bearer):
    response = client.get("/api/v1/return-batches", {"query": "\x00RMS"}, **bearer)
    _refused(response, "query")


def test_it_refuses_it_in_a_path(client, bearer):
    response = client.get("/api/v1/service-orders/TOP%00260101001", **bearer)
    _refused(response, "number")


def test_it_still_asks_who_is_calling_first(client):
    response = client.get("/api/v1/return-batches", {"query": "\x00"})
    assert response.status_code == 401
