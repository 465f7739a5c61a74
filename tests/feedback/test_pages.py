"""Staff pages of feedback: follow-ups (open first, closing with what was done), survey
responses and surveys, each limited to the user's brands."""

import pytest
from django.urls import reverse

from sanbao.feedback.forms import SURVEY_FIELDS
from sanbao.feedback.models import Audience, FollowUp, Survey
from tests.feedback.conftest import WORDING, survey_for

pytestmark = pytest.mark.django_db


def detail(follow_up):
    return reverse("web:object_detail:follow-ups", args=[follow_up.pk])


def close_url(follow_up):
    return reverse("feedback:follow_up_close", args=[follow_up.pk])


def test_it_lists_follow_ups_and_shows_the_answer_with_a_close_form(
    client_as, follow_up, outlet_manager
):
    client = client_as(outlet_manager)

    listed = client.get(reverse("web:object_list:follow-ups"))
    assert listed.status_code == 200
    assert "Satisfaction 1/5, recommendation 2/10" in listed.content.decode()
    page = client.get(detail(follow_up))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Still broken." in html and follow_up.response.invitation.order.number in html
    assert 'data-testid="follow-up-close"' in html and close_url(follow_up) in html
    assert "13800138000" not in html  # the customer is masked; unmasking is a logged step


def test_it_closes_a_follow_up_from_its_page(client_as, follow_up, outlet_manager):
    client = client_as(outlet_manager)

    done = client.post(close_url(follow_up), {"outcome": "Called back; unit replaced."})

    assert done.status_code == 302 and done["Location"] == detail(follow_up)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.closed_by) == ("done", outlet_manager)
    page = client.get(detail(follow_up)).content.decode()
    assert "The follow-up is closed." in page
    assert 'data-testid="follow-up-close"' not in page


def test_it_shows_refusals_on_the_form(client_as, follow_up, outlet_manager):
    client = client_as(outlet_manager)

    empty = client.post(close_url(follow_up), {"outcome": "   "})
    assert empty.status_code == 422 and empty.context["close_form"].errors["outcome"]
    client.post(close_url(follow_up), {"outcome": "Called back."})
    twice = client.post(close_url(follow_up), {"outcome": "Called again."})
    assert twice.status_code == 422
    assert b"This follow-up is already closed." in twice.content
    assert FollowUp.objects.get().outcome == "Called back."


def test_it_keeps_other_brands_and_roles_out(client_as, follow_up, romoss_manager, make_user):
    client = client_as(romoss_manager)
    assert client.get(detail(follow_up)).status_code == 404
    assert client.post(close_url(follow_up), {"outcome": "x"}).status_code == 404
    auditor = client_as(make_user("auditor"))
    assert auditor.get(detail(follow_up)).status_code == 200
    assert b'data-testid="follow-up-close"' not in auditor.get(detail(follow_up)).content
    assert auditor.post(close_url(follow_up), {"outcome": "x"}).status_code == 403
    desk = client_as(make_user("front_desk", username="desk-2"))
    assert desk.get(reverse("web:object_list:follow-ups")).status_code == 403
    assert FollowUp.objects.get().status == "open"


def test_it_lists_responses_of_the_users_brands(client_as, follow_up, romoss_manager, hq_manager):
    url = reverse("web:object_list:survey-responses")

    mine = client_as(hq_manager).get(url)
    assert mine.status_code == 200 and "Still broken." in mine.content.decode()
    theirs = client_as(romoss_manager).get(url)
    assert theirs.status_code == 200 and "Still broken." not in theirs.content.decode()


def test_it_lets_a_manager_reword_a_survey(client_as, survey, hq_manager):
    client = client_as(hq_manager)
    url = reverse("web:object_edit:surveys", args=[survey.pk])
    form = client.get(url).context["form"]
    assert list(form.fields) == SURVEY_FIELDS  # brand and audience stay as they are

    values = {name: getattr(survey, name) for name in SURVEY_FIELDS}
    saved = client.post(url, values | {"csat_en": "Happy with the repair?", "low_csat": "3"})

    assert saved.status_code == 302
    survey.refresh_from_db()
    assert (survey.csat_en, survey.low_csat) == ("Happy with the repair?", 3)
    assert client.post(url, values | {"low_csat": "9"}).status_code == 200  # 1-5 only


def test_it_lets_an_administrator_add_a_survey_once_per_brand_and_audience(
    client_as, survey, make_user, brand
):
    client = client_as(make_user("admin"))
    url = reverse("web:object_create:surveys")
    values = WORDING | {"brand": brand.pk, "is_active": "on", "link_valid_days": 14,
                        "low_csat": 2, "low_nps": 4}  # fmt: skip

    assert client.post(url, values | {"audience": "customer"}).status_code == 200  # exists
    assert client.post(url, values | {"audience": "dealer"}).status_code == 302
    assert Survey.objects.filter(brand=brand, audience=Audience.DEALER).exists()


def test_it_hides_another_brands_survey(client_as, romoss_manager, survey, other_brand):
    theirs = survey_for(other_brand)
    client = client_as(romoss_manager)

    assert client.get(reverse("web:object_detail:surveys", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("web:object_detail:surveys", args=[survey.pk])).status_code == 404
    edit = reverse("web:object_edit:surveys", args=[survey.pk])
    assert client.get(edit).status_code == 404
