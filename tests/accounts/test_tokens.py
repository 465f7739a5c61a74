"""Personal API tokens: shown once, stored hashed, revocable."""

import hashlib

import pytest
from django.urls import reverse

from sanbao.accounts.models import ApiToken
from sanbao.accounts.tokens import api_token_issue, api_token_revoke, api_token_user
from sanbao.config.errors import DomainError

pytestmark = pytest.mark.django_db


def test_it_stores_only_a_digest(make_user):
    user = make_user("manager")
    token, clear = api_token_issue(user=user, name="report script")
    assert clear.startswith(f"sb_{token.prefix}_")
    secret = clear.split("_", 2)[2]
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in stored.digest
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()


def test_it_authenticates_with_the_token_until_revoked(make_user):
    user = make_user("manager")
    token, clear = api_token_issue(user=user, name="script")
    assert api_token_user(raw=clear) == user
    assert api_token_user(raw=clear[:-1] + ("A" if clear[-1] != "A" else "B")) is None
    api_token_revoke(user=user, token_id=token.pk)
    assert api_token_user(raw=clear) is None


def test_it_refuses_a_token_of_an_inactive_user(make_user):
    user = make_user("manager")
    _token, clear = api_token_issue(user=user, name="script")
    user.is_active = False
    user.save()
    assert api_token_user(raw=clear) is None


def test_it_refuses_an_empty_name_and_another_users_token(make_user):
    owner, other = make_user("manager"), make_user("auditor")
    with pytest.raises(DomainError):
        api_token_issue(user=owner, name="  ")
    token, _clear = api_token_issue(user=owner, name="mine")
    with pytest.raises(DomainError) as error:
        api_token_revoke(user=other, token_id=token.pk)
    assert error.value.status == 404


def test_it_issues_and_revokes_through_the_api(client, make_user):
    user = make_user("manager")
    _t, clear = api_token_issue(user=user, name="bootstrap")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    response = client.post(
        "/api/v1/accounts/me/tokens", {"name": "ci"}, content_type="application/json", **auth
    )
    assert response.status_code == 201
    issued = response.json()
    assert issued["token"].startswith("sb_")
    listed = client.get("/api/v1/accounts/me/tokens", **auth).json()
    assert {row["name"] for row in listed} == {"bootstrap", "ci"}
    assert all("token" not in row and "digest" not in row for row in listed)
    revoked = client.delete(f"/api/v1/accounts/me/tokens/{issued['id']}", **auth)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {issued['token']}")
    assert me.status_code == 401


def test_it_issues_and_revokes_on_the_tokens_page(client_as, make_user):
    client = client_as(make_user("front_desk"))
    page = client.post(reverse("accounts:api_tokens"), {"name": "scanner"})
    assert page.status_code == 200
    token = ApiToken.objects.get(name="scanner")
    assert f"sb_{token.prefix}_" in page.content.decode()
    again = client.get(reverse("accounts:api_tokens")).content.decode()
    assert f"sb_{token.prefix}_…" in again and token.digest not in again
    client.post(reverse("accounts:api_tokens"), {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_rejects_a_blank_token_name_on_the_page(client_as, make_user):
    client = client_as(make_user("front_desk"))
    page = client.post(reverse("accounts:api_tokens"), {"name": ""})
    assert "is-invalid" in page.content.decode()
    assert not ApiToken.objects.exists()
