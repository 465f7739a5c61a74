"""The feedback API: anyone with a survey link reads it in their language and answers it
once (no token, no CSRF, rate-limited); managers list and close their brands' follow-ups."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sanbao.accounts.tokens import api_token_issue
from sanbao.feedback.models import FollowUp, SurveyInvitation, SurveyResponse

pytestmark = pytest.mark.django_db

GOOD = {"csat": 4, "nps": 9, "fixed_first_visit": True, "comment": " Fine. "}


@pytest.fixture(autouse=True)
def _generous_limit(settings):
    settings.PUBLIC_CHECK_LIMIT = 1000


def url(token):
    return f"/api/v1/surveys/{token}"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user, name='t')[1]}"}


def error(response):
    return response.status_code, response.json()["error"]["code"]


def test_it_gives_the_questions_in_the_requests_language(client, token):
    english = client.get(url(token), HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(url(token), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.status_code == 200
    body = english.json()
    assert (body["brand"], body["audience"], body["language"], body["answered"]) == (
        "TOP", "customer", "en", False,
    )  # fmt: skip
    assert body["questions"]["csat"] == "How satisfied are you with the repair?"
    expires_at = datetime.fromisoformat(body["expires_at"])  # to the millisecond
    assert abs(expires_at - SurveyInvitation.objects.get().expires_at) < timedelta(milliseconds=1)
    assert chinese.json()["questions"]["nps"] == "您有多大可能向朋友推荐TOP？"  # noqa: RUF001


def test_it_takes_an_answer_without_a_token_or_csrf_once(token, outlet_manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outlet_manager)  # a session cookie does not make it need CSRF

    first = client.post(url(token), GOOD, content_type="application/json")

    assert first.status_code == 201
    assert first.json() == {"csat": 4, "nps": 9, "follow_up_opened": False}
    assert SurveyResponse.objects.get().comment == "Fine."
    assert client.get(url(token)).json()["answered"] is True
    again = client.post(url(token), GOOD, content_type="application/json")
    assert error(again) == (409, "survey_answered")
    assert SurveyResponse.objects.count() == 1


def test_it_says_when_a_low_score_opened_a_follow_up(client, token, outlet_manager):
    sent = client.post(url(token), {"csat": 2, "nps": 9}, content_type="application/json")

    assert sent.status_code == 201 and sent.json()["follow_up_opened"] is True
    assert FollowUp.objects.get().response.fixed_first_visit is None


@pytest.mark.parametrize(
    "given",
    [
        {"csat": 0, "nps": 5},
        {"csat": 6, "nps": 5},
        {"csat": 3, "nps": 11},
        {"csat": 3, "nps": -1},
        {"nps": 5},
        {"csat": "many", "nps": 5},
        {"csat": 3, "nps": 5, "comment": "x" * 2001},
    ],
)
def test_it_refuses_bad_answers_and_changes_nothing(client, token, given):
    sent = client.post(url(token), given, content_type="application/json")

    assert error(sent) == (422, "invalid_input")
    assert sent.json()["error"]["fields"]
    assert SurveyInvitation.objects.get().answered_at is None
    assert not SurveyResponse.objects.exists()


def test_it_answers_404_and_410(client, token):
    assert error(client.get(url("made-up"))) == (404, "survey_not_found")
    assert error(client.post(url("made-up"), GOOD, content_type="application/json")) == (
        404, "survey_not_found",
    )  # fmt: skip
    SurveyInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert error(client.get(url(token))) == (410, "survey_expired")
    assert error(client.post(url(token), GOOD, content_type="application/json")) == (
        410, "survey_expired",
    )  # fmt: skip


def test_it_limits_how_often_one_client_may_try_links(client, token, settings):
    settings.PUBLIC_CHECK_LIMIT = 2
    settings.PUBLIC_CHECK_WINDOW_SECONDS = 3600
    client.get(url("guess-1"))
    client.post(url("guess-2"), GOOD, content_type="application/json")

    limited = client.post(url(token), GOOD, content_type="application/json")

    assert error(limited) == (429, "rate_limited")
    assert int(limited["Retry-After"]) > 0
    assert not SurveyResponse.objects.exists()


def test_it_lists_a_managers_follow_ups(client, follow_up, outlet_manager, romoss_manager):
    listed = client.get("/api/v1/follow-ups?status=open", **bearer(outlet_manager))

    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["status"], item["outlet"], item["csat"], item["nps"]) == (
        follow_up.pk, "open", "gz", 1, 2,
    )  # fmt: skip
    assert item["about"] == follow_up.response.invitation.order.number
    assert (
        client.get("/api/v1/follow-ups?status=done", **bearer(outlet_manager)).json()["count"] == 0
    )
    assert client.get("/api/v1/follow-ups", **bearer(romoss_manager)).json()["count"] == 0
    assert error(client.get("/api/v1/follow-ups?status=maybe", **bearer(outlet_manager))) == (
        422, "invalid_input",
    )  # fmt: skip


def test_it_closes_a_follow_up_once(client, follow_up, outlet_manager):
    close = f"/api/v1/follow-ups/{follow_up.pk}/close"
    headers = bearer(outlet_manager)

    done = client.post(close, {"outcome": "Called back."}, "application/json", **headers)

    assert done.status_code == 200
    assert (done.json()["status"], done.json()["closed_by"]) == ("done", "manager-gz")
    again = client.post(close, {"outcome": "Again."}, "application/json", **headers)
    assert error(again) == (409, "follow_up_closed")


def test_it_wants_an_outcome_and_keeps_others_out(
    client, follow_up, outlet_manager, romoss_manager, make_user
):
    close = f"/api/v1/follow-ups/{follow_up.pk}/close"

    def post(user, body):
        return client.post(close, body, "application/json", **bearer(user))

    assert error(post(outlet_manager, {"outcome": ""})) == (422, "invalid_input")
    assert error(post(outlet_manager, {"outcome": "  "})) == (422, "invalid_input")
    assert error(post(romoss_manager, {"outcome": "x"})) == (404, "follow_up_not_found")
    assert error(post(make_user("auditor"), {"outcome": "x"})) == (403, "forbidden")
    assert error(client.post(close, {"outcome": "x"}, "application/json")) == (
        401, "not_authenticated",
    )  # fmt: skip
    assert FollowUp.objects.get().status == "open"
