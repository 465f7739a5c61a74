"""Idempotency-Key: same key + same body replays; a different body is a conflict."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sanbao.accounts.idempotency import idempotency_records_purge
from sanbao.accounts.models import ApiToken, IdempotencyRecord

pytestmark = pytest.mark.django_db


def _post(client, body, key):
    return client.post(
        "/api/v1/accounts/me/tokens",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_it_replays_the_first_response_without_a_second_write(client_as, make_user):
    client = client_as(make_user("manager"))
    first = _post(client, {"name": "ci"}, "key-1")
    second = _post(client, {"name": "ci"}, "key-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert ApiToken.objects.count() == 1


def test_it_refuses_the_same_key_with_another_body(client_as, make_user):
    client = client_as(make_user("manager"))
    _post(client, {"name": "ci"}, "key-1")
    conflict = _post(client, {"name": "other"}, "key-1")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "idempotency_key_reused"
    assert ApiToken.objects.count() == 1


def test_it_keeps_keys_apart_per_user(client, make_user):
    client.force_login(make_user("manager"))
    _post(client, {"name": "ci"}, "shared")
    client.force_login(make_user("auditor"))
    assert _post(client, {"name": "ci"}, "shared").status_code == 201
    assert ApiToken.objects.count() == 2


def test_it_lets_a_failed_request_be_retried(client_as, make_user):
    client = client_as(make_user("manager"))
    assert _post(client, {"name": ""}, "retry").status_code == 422
    assert _post(client, {"name": "fixed"}, "retry").status_code == 201


def test_it_rejects_an_unusable_key(client_as, make_user):
    client = client_as(make_user("manager"))
    response = _post(client, {"name": "x"}, "x" * 300)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_invalid"
    assert not ApiToken.objects.exists()


def test_it_purges_records_older_than_a_day(client_as, make_user):
    client = client_as(make_user("manager"))
    _post(client, {"name": "old"}, "old")
    _post(client, {"name": "new"}, "new")
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert idempotency_records_purge() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
