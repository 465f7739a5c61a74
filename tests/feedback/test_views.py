"""The public survey page behind the link: the questions in the link's language (or the one
chosen on the site), one answer, clear pages when the link is used, expired or unknown, CSRF
and a rate limit."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanbao.feedback.models import FollowUp, SurveyInvitation, SurveyResponse

pytestmark = pytest.mark.django_db

GOOD = {"csat": "5", "nps": "9", "fixed_first_visit": "yes", "comment": "Fast and friendly."}


@pytest.fixture(autouse=True)
def _generous_limit(settings):
    settings.PUBLIC_CHECK_LIMIT = 1000


def url(token):
    return reverse("feedback:survey", args=[token])


def test_it_asks_in_the_language_the_link_was_sent_in(client, token, brand):
    page = client.get(url(token))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="zh-Hans">' in html
    for text in ("四个小问题。", "您对本次维修满意吗？", "您有多大可能向朋友推荐TOP？"):  # noqa: RUF001
        assert text in html
    assert html.count('name="csat"') == 5 and html.count('name="nps"') == 11
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<script>" not in html  # nothing inline: the CSP stays strict


def test_it_asks_in_the_language_chosen_on_the_site(client, token, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(url(token)).content.decode()

    assert '<html lang="en">' in html
    assert "How satisfied are you with the repair?" in html
    assert "您对本次维修满意吗" not in html


def test_it_records_the_answer_and_thanks(client, token, outlet_manager):
    sent = client.post(url(token), GOOD)

    assert sent.status_code == 302
    assert sent["Location"] == reverse("feedback:survey_thanks", args=[token])
    response = SurveyResponse.objects.get()
    assert (response.csat, response.nps, response.fixed_first_visit, response.comment) == (
        5, 9, True, "Fast and friendly.",
    )  # fmt: skip
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200
    assert b'data-testid="survey-thanks"' in thanks.content
    assert b'data-testid="survey-follow-up"' not in thanks.content


def test_it_tells_an_unhappy_customer_someone_will_call(client, token, outlet_manager):
    client.post(url(token), {"csat": "1", "nps": "0"})

    assert FollowUp.objects.get().response.fixed_first_visit is None
    thanks = client.get(reverse("feedback:survey_thanks", args=[token]))
    assert b'data-testid="survey-follow-up"' in thanks.content


def test_it_says_the_survey_was_already_answered(client, token):
    client.post(url(token), GOOD)

    for again in (client.get(url(token)), client.post(url(token), {"csat": "1", "nps": "0"})):
        assert again.status_code == 409
        assert b'data-code="survey_answered"' in again.content
    assert SurveyResponse.objects.get().csat == 5


def test_it_says_the_link_has_expired(client, token):
    SurveyInvitation.objects.update(expires_at=timezone.now() - timedelta(days=1))

    for page in (client.get(url(token)), client.post(url(token), GOOD)):
        assert page.status_code == 410
        assert b'data-code="survey_expired"' in page.content
    assert not SurveyResponse.objects.exists()


def test_it_answers_404_to_an_unknown_link(client, token):
    for page in (client.get(url("not-a-token")), client.get(reverse("feedback:survey_thanks",
                                                                    args=["nope"]))):  # fmt: skip
        assert page.status_code == 404
        assert b'data-code="survey_not_found"' in page.content


def test_it_shows_what_is_missing_and_records_nothing(client, token):
    page = client.post(url(token), {"nps": "12", "comment": "x" * 2001})

    assert page.status_code == 422
    assert page.context["form"].errors.keys() == {"csat", "nps", "comment"}
    assert b"invalid-feedback" in page.content
    assert SurveyInvitation.objects.get().answered_at is None
    assert not SurveyResponse.objects.exists()


def test_it_refuses_a_post_without_the_csrf_token(token):
    client = Client(enforce_csrf_checks=True)

    assert client.post(url(token), GOOD).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_it_sends_the_thanks_page_back_to_the_form_while_unanswered(client, token):
    page = client.get(reverse("feedback:survey_thanks", args=[token]))
    assert page.status_code == 302 and page["Location"] == url(token)


def test_it_limits_how_often_one_client_may_try_links(client, token, settings):
    settings.PUBLIC_CHECK_LIMIT = 3
    settings.PUBLIC_CHECK_WINDOW_SECONDS = 3600
    for guess in ("a", "b", "c"):
        assert client.get(url(guess)).status_code == 404

    limited = client.get(url(token))

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert b'data-code="rate_limited"' in limited.content
