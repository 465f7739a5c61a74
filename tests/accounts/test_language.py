"""The language switch persists: in a cookie, and on the signed-in user's profile."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_remembers_the_choice_on_the_profile(client_as, make_user):
    user = make_user("front_desk")
    client = client_as(user)
    response = client.post(reverse("accounts:language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "zh-hans"
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_it_applies_the_profile_language_at_sign_in(client, make_user):
    make_user("technician", language="zh-hans")
    response = client.post(
        reverse("accounts:login"), {"username": "technician", "password": PASSWORD}
    )
    assert response.cookies["django_language"].value == "zh-hans"


def test_it_keeps_a_choice_made_on_the_sign_in_page(client, make_user):
    user = make_user("technician", language="en")
    client.post(reverse("accounts:language"), {"language": "zh-hans", "next": "/accounts/login/"})
    response = client.post(
        reverse("accounts:login"), {"username": "technician", "password": PASSWORD}
    )
    assert response.cookies["django_language"].value == "zh-hans"
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_it_refuses_an_unknown_language_and_an_outside_redirect(client_as, make_user):
    user = make_user("front_desk")
    client = client_as(user)
    response = client.post(
        reverse("accounts:language"), {"language": "klingon", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.language == "en"
