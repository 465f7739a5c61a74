"""Answering through a link: once, before it expires, with valid scores; a low score opens
a follow-up and tells the outlet's managers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sanbao.config.errors import DomainError
from sanbao.feedback import answers
from sanbao.feedback.answers import invitation_claim, survey_answer
from sanbao.feedback.models import FollowUp, SurveyInvitation, SurveyResponse
from sanbao.notify.models import OutboxMessage

pytestmark = pytest.mark.django_db


def answer(token, csat=5, nps=9, fixed_first_visit=True, comment=""):
    return survey_answer(
        token=token, csat=csat, nps=nps, fixed_first_visit=fixed_first_visit, comment=comment
    )


def world():
    """What a refused answer must leave as it was."""
    return {
        "answered": list(SurveyInvitation.objects.values_list("pk", "answered_at")),
        "responses": SurveyResponse.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "messages": OutboxMessage.objects.count(),
    }


def refused(token, code, status, **answers_given):
    before = world()
    with pytest.raises(DomainError) as caught:
        answer(token, **answers_given)
    assert (caught.value.code, caught.value.status) == (code, status), caught.value.message
    assert world() == before
    return caught.value


def test_it_records_the_answers_with_what_was_served_copied(token, outlet, bank):
    response = answer(token, csat=4, nps=8, fixed_first_visit=False, comment="  Quick, polite.  ")

    invitation = SurveyInvitation.objects.get()
    assert response.invitation == invitation
    assert (response.brand, response.outlet, response.dealer, response.model) == (
        invitation.brand, outlet, None, bank,
    )  # fmt: skip
    assert (response.csat, response.nps, response.fixed_first_visit) == (4, 8, False)
    assert response.comment == "Quick, polite."
    assert invitation.answered_at == response.answered_at
    assert not FollowUp.objects.exists()


def test_it_takes_an_answer_once(token):
    answer(token)

    refused(token, "survey_answered", 409, csat=1)
    assert SurveyResponse.objects.get().csat == 5


def test_it_refuses_an_expired_link(token):
    expired = timezone.now() - timedelta(minutes=1)
    SurveyInvitation.objects.update(expires_at=expired)

    error = refused(token, "survey_expired", 410)
    assert error.message == f"This survey link expired on {timezone.localdate(expired)}."


def test_it_does_not_know_a_made_up_link(token):
    refused(token[:-1] + ("A" if token[-1] != "A" else "B"), "survey_not_found", 404)
    refused("", "survey_not_found", 404)
    refused("x" * 500, "survey_not_found", 404)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"csat": 0}, "csat"),
        ({"csat": 6}, "csat"),
        ({"nps": -1}, "nps"),
        ({"nps": 11}, "nps"),
        ({"comment": "x" * 2001}, "comment"),
    ],
)
def test_it_refuses_answers_out_of_range_and_changes_nothing(token, given, field):
    error = refused(token, "invalid_input", 422, **given)
    assert list(error.fields) == [field]


def test_it_takes_a_long_comment_once_its_spaces_are_trimmed(token):
    response = answer(token, comment="  " + "x" * 2000 + "\n")
    assert len(response.comment) == 2000


def test_it_lets_one_of_two_simultaneous_claims_win(token):
    invitation = SurveyInvitation.objects.get()
    now = timezone.now()

    assert invitation_claim(invitation_id=invitation.pk, now=now) is True
    assert invitation_claim(invitation_id=invitation.pk, now=now) is False
    invitation.refresh_from_db()
    assert invitation.answered_at == now


def test_it_claims_no_expired_invitation(token):
    invitation = SurveyInvitation.objects.get()
    assert invitation_claim(invitation_id=invitation.pk, now=invitation.expires_at) is False


def test_it_counts_only_the_first_of_two_answers_that_both_passed_the_checks(token, monkeypatch):
    # The second answer read the invitation before the first one claimed it.
    stale = SurveyInvitation.objects.select_related("survey", "brand").get()
    answer(token, csat=5)
    monkeypatch.setattr(answers, "invitation_by_token", lambda token: stale)

    refused(token, "survey_answered", 409, csat=1, nps=0)
    assert SurveyResponse.objects.get().csat == 5
    assert not FollowUp.objects.exists()


def test_it_opens_a_follow_up_for_a_low_score_and_tells_the_outlets_manager(
    token, outlet, outlet_manager, hq_manager
):
    response = answer(token, csat=1, nps=3, comment="Took three weeks.")

    follow_up = FollowUp.objects.get()
    assert follow_up.response == response
    assert (follow_up.brand, follow_up.outlet, follow_up.status) == (
        response.brand, outlet, "open",
    )  # fmt: skip
    assert follow_up.reason == "Satisfaction 1/5, recommendation 3/10"
    message = OutboxMessage.objects.get(topic=f"follow-up:{follow_up.pk}")
    assert message.user == outlet_manager  # the outlet has one: headquarters is not told
    assert "Took three weeks." in message.body
    assert f"/browse/follow-ups/{follow_up.pk}/" in message.body
    assert response.invitation.order.number in message.subject


def test_it_tells_the_brands_managers_at_headquarters_when_the_outlet_has_none(token, hq_manager):
    answer(token, csat=2, nps=9)

    follow_up = FollowUp.objects.get()
    assert OutboxMessage.objects.get(topic=f"follow-up:{follow_up.pk}").user == hq_manager


def test_it_opens_a_follow_up_for_a_low_recommendation_alone(token, survey):
    answer(token, csat=5, nps=survey.low_nps)
    assert FollowUp.objects.get().reason == "Satisfaction 5/5, recommendation 4/10"


def test_it_opens_no_follow_up_for_good_scores(token, outlet_manager, survey):
    answer(token, csat=survey.low_csat + 1, nps=survey.low_nps + 1)

    assert not FollowUp.objects.exists()
    assert not OutboxMessage.objects.filter(topic__startswith="follow-up:").exists()


def test_it_follows_the_surveys_own_thresholds(token, survey):
    survey.low_csat, survey.low_nps = 3, 0
    survey.save()

    answer(token, csat=3, nps=9)
    assert FollowUp.objects.exists()
