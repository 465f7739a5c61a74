"""The admin site has no second sign-in form that would dodge the lockout."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_sends_admin_sign_in_to_the_sanbao_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_it_brings_an_administrator_to_the_admin_after_sign_in(client, make_user):
    make_user("admin")
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"username": "admin", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_it_keeps_the_admin_closed_to_other_roles_without_a_redirect_loop(client_as, make_user):
    client = client_as(make_user("manager"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
