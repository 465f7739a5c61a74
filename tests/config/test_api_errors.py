"""Every API error has DESIGN §6's JSON shape, in the request's language."""

import pytest

pytestmark = pytest.mark.django_db


def _shape(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_it_answers_an_unknown_route_with_json(client):
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert _shape(response)["code"] == "not_found"


def test_it_answers_an_unknown_api_version_with_json(client):
    response = client.post("/api/v9/anything", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert _shape(response)["code"] == "not_found"


def test_it_translates_messages_from_accept_language(client):
    response = client.get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    error = _shape(response)
    assert error["code"] == "not_authenticated"
    assert any("\u4e00" <= char <= "\u9fff" for char in error["message"])


def test_it_names_invalid_fields(client_as, make_user):
    client = client_as(make_user("manager"))
    response = client.post(
        "/api/v1/accounts/me/tokens", {"name": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    error = _shape(response)
    assert error["code"] == "invalid_input"
    assert "name" in error["fields"]


def test_it_answers_malformed_json_with_the_shape(client_as, make_user):
    client = client_as(make_user("manager"))
    response = client.post(
        "/api/v1/accounts/me/tokens", data="{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    _shape(response)


def test_it_answers_a_wrong_method_with_the_shape(client_as, make_user):
    client = client_as(make_user("manager"))
    response = client.put("/api/v1/accounts/me", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert _shape(response)["code"] == "method_not_allowed"


def test_it_enforces_csrf_on_session_writes(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("manager"))
    response = client.post(
        "/api/v1/accounts/me/tokens", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    _shape(response)


def test_it_serves_openapi_and_offline_docs(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Sanbao API"
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
