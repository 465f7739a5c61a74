"""Brute-force protection on sign-in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sanbao.accounts.lockout import login_failure_record, login_locked_until
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_locks_a_login_after_five_wrong_passwords(client, make_user):
    make_user("front_desk")
    for _ in range(4):
        response = _sign_in(client, "front_desk", "wrong")
        assert "locked" not in response.content.decode()
    response = _sign_in(client, "front_desk", "wrong")
    assert "this login is locked until" in response.content.decode()
    # Even the right password is refused while locked.
    response = _sign_in(client, "front_desk", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_unlocks_after_the_lockout_period(make_user, settings):
    make_user("front_desk")
    start = timezone.now()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login_failure_record(username="front_desk", now=start)
    assert login_locked_until(username="front_desk", now=start)
    later = start + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    assert login_locked_until(username="Front_Desk", now=later) is None


def test_it_forgives_failures_after_a_successful_sign_in(client, make_user):
    make_user("technician")
    for _ in range(4):
        _sign_in(client, "technician", "wrong")
    assert _sign_in(client, "technician", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "technician", "wrong")
    assert _sign_in(client, "technician", PASSWORD).status_code == 302


def test_it_shows_the_lockout_message_in_chinese(client, make_user):
    make_user("front_desk")
    client.cookies["django_language"] = "zh-hans"
    for _ in range(5):
        response = _sign_in(client, "front_desk", "wrong")
    assert "已锁定" in response.content.decode()
