"""Feedback fixtures: the brand's customer survey, managers with an email address, a
service order closed at the desk, and its survey link's token read from the outbox."""

import re

import pytest

from sanbao.feedback.answers import survey_answer
from sanbao.feedback.models import Audience, FollowUp, Survey
from sanbao.notify.models import OutboxMessage
from sanbao.service.handback import order_hand_back
from sanbao.service.repairs import order_repair_on_spot
from tests.service import conftest as service
from tests.service.conftest import signature_png

# The service tests' fixtures: staff of the outlet, a registered unit, one-call intake.
front_desk, technician, unit, register = (
    service.front_desk, service.technician, service.unit, service.register,
)  # fmt: skip

WORDING = {
    "intro_en": "Four quick questions.",
    "intro_zh": "四个小问题。",
    "csat_en": "How satisfied are you with the repair?",
    "csat_zh": "您对本次维修满意吗？",  # noqa: RUF001
    "nps_en": "How likely are you to recommend TOP to a friend?",
    "nps_zh": "您有多大可能向朋友推荐TOP？",  # noqa: RUF001
    "first_visit_en": "Was it fixed the first time?",
    "first_visit_zh": "第一次就修好了吗？",  # noqa: RUF001
    "comment_en": "Anything we could do better?",
    "comment_zh": "还有什么可以改进的？",  # noqa: RUF001
}


def survey_for(brand, audience=Audience.CUSTOMER, **changes):
    return Survey.objects.create(brand=brand, audience=audience, **{**WORDING, **changes})


@pytest.fixture
def survey(brand):
    """TOP's customer survey: follow up satisfaction ≤ 2 or recommendation ≤ 4."""
    return survey_for(brand)


@pytest.fixture
def outlet_manager(make_user, outlet):
    return make_user("manager", username="manager-gz", outlet=outlet, email="gz@top.example")


@pytest.fixture
def hq_manager(make_user, hq):
    return make_user("manager", username="manager-hq", outlet=hq, email="hq@top.example")


def survey_token(topic):
    """The token in the survey link of the message with this topic."""
    body = OutboxMessage.objects.get(topic=topic).body
    return re.search(r"/s/([A-Za-z0-9_-]+)/", body).group(1)


@pytest.fixture
def closed_order(register, technician, front_desk):
    """Repaired on the spot and signed for at the desk: closed."""

    def close(**changes):
        order = register(**changes)
        order_repair_on_spot(
            number=order.number, work_done="Resoldered the port", parts=[], labour_minutes=10,
            by=technician,
        )  # fmt: skip
        order_hand_back(number=order.number, signature=signature_png(), by=front_desk)
        order.refresh_from_db()
        return order

    return close


@pytest.fixture
def token(survey, closed_order):
    """The survey link's token of a closed order (customer in Chinese, who agreed)."""
    order = closed_order()
    return survey_token(f"order:{order.number}:survey")


@pytest.fixture
def follow_up(token, outlet_manager):
    """Open: a customer of the Guangzhou outlet gave 1/5 and 2/10."""
    survey_answer(token=token, csat=1, nps=2, fixed_first_visit=False, comment="Still broken.")
    return FollowUp.objects.get()


@pytest.fixture
def romoss_manager(make_user, hq, other_brand):
    """A headquarters manager who works for ROMOSS only."""
    user = make_user("manager", username="manager-rms", outlet=hq)
    user.brands.set([other_brand])
    return user
