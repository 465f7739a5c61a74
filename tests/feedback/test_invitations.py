"""Survey links go out when a service order closes: at the desk or when the parcel arrives,
once, only to customers who agreed to messages, only for a brand with an active survey."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from sanbao.feedback.invitations import survey_invite_for_order
from sanbao.feedback.models import SurveyInvitation
from sanbao.notify.models import OutboxMessage
from sanbao.service.handback import order_close, order_hand_back
from sanbao.service.repairs import order_repair_on_spot
from tests.feedback.conftest import survey_token

pytestmark = pytest.mark.django_db


def test_it_invites_the_customer_when_the_card_is_signed_at_the_desk(
    settings, survey, closed_order, outlet, bank
):
    settings.PUBLIC_URL = "https://service.example.cn"
    before = timezone.now()
    order = closed_order()

    invitation = SurveyInvitation.objects.get(order=order)
    message = OutboxMessage.objects.get(topic=f"order:{order.number}:survey")
    token = survey_token(message.topic)
    assert f"https://service.example.cn/s/{token}/" in message.body
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert (invitation.survey, invitation.brand, invitation.outlet, invitation.model) == (
        survey, order.brand, outlet, bank,
    )  # fmt: skip
    assert invitation.customer == order.customer
    assert (invitation.dealer, invitation.batch) == (None, None)
    assert invitation.language == message.language == "zh-hans"
    assert message.customer == order.customer
    assert order.number in message.subject
    assert (
        before + timedelta(days=14) <= invitation.expires_at <= timezone.now() + timedelta(days=14)
    )
    assert invitation.answered_at is None


def test_it_invites_when_the_parcel_has_reached_the_customer(
    survey, register, technician, front_desk
):
    order = register(intake="mail_in", customer_language="en")
    order_repair_on_spot(
        number=order.number, work_done="Reset", parts=[], labour_minutes=5, by=technician
    )
    order_hand_back(number=order.number, courier="SF", tracking_number="SF123", by=front_desk)
    assert not SurveyInvitation.objects.exists()  # on its way, not closed yet

    order_close(number=order.number, by=front_desk, note="Delivered")

    invitation = SurveyInvitation.objects.get(order=order)
    message = OutboxMessage.objects.get(topic=f"order:{order.number}:survey")
    assert invitation.language == message.language == "en"
    assert message.subject == f"How did we do? Service card {order.number}"
    assert "Four quick questions" in message.body


def test_it_invites_nobody_who_did_not_agree_to_messages(survey, closed_order):
    order = closed_order(notifications_agreed=False)

    assert order.status == "closed"
    assert not SurveyInvitation.objects.exists()
    assert not OutboxMessage.objects.filter(topic__endswith=":survey").exists()


def test_it_invites_nobody_without_an_active_survey(survey, closed_order, other_brand):
    survey.is_active = False
    survey.save()
    closed_order()

    assert not SurveyInvitation.objects.exists()
    assert not OutboxMessage.objects.filter(topic__endswith=":survey").exists()


def test_it_invites_once_per_order(survey, closed_order):
    order = closed_order()
    first = SurveyInvitation.objects.get(order=order)

    again = survey_invite_for_order(order=order)

    assert again == first
    assert SurveyInvitation.objects.count() == 1
    assert OutboxMessage.objects.filter(topic__endswith=":survey").count() == 1


def test_it_gives_each_invitation_its_own_link_valid_as_long_as_the_survey_says(
    survey, closed_order
):
    survey.link_valid_days = 3
    survey.save()
    first, second = closed_order(), closed_order(customer_phone="139 0013 9000")

    tokens = {survey_token(f"order:{o.number}:survey") for o in (first, second)}
    invitations = SurveyInvitation.objects.all()
    assert len(tokens) == 2 and len({i.token_hash for i in invitations}) == 2
    for invitation in invitations:
        assert invitation.expires_at - invitation.sent_at == timedelta(days=3)
