"""A customer answers the survey link on a phone (375 by 667) in Chromium: big buttons, no
sideways scrolling, the thank-you page; a low score reaches the outlet's manager."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sanbao.feedback.models import FollowUp
from sanbao.notify.models import OutboxMessage
from tests.feedback import conftest as feedback
from tests.service import conftest as service

# A closed order of a customer who agreed to messages, and TOP's customer survey.
survey, closed_order = feedback.survey, feedback.closed_order
front_desk, technician, unit, register = (
    service.front_desk, service.technician, service.unit, service.register,
)  # fmt: skip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
PHONE = {"width": 375, "height": 667}


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _link(live_server, topic):
    body = OutboxMessage.objects.get(topic=topic).body
    return live_server.url + re.search(r"/s/[A-Za-z0-9_-]+/", body).group(0)


@pytest.fixture
def survey_link(live_server, survey, closed_order, make_user, outlet):
    make_user("manager", username="manager-gz", outlet=outlet, email="gz@top.example")
    order = closed_order()
    return _link(live_server, f"order:{order.number}:survey")


def test_it_lets_a_customer_answer_on_a_phone(page, survey_link):
    page.set_viewport_size(PHONE)
    page.goto(survey_link)

    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("[data-testid=csat] legend")).to_have_text("您对本次维修满意吗？")  # noqa: RUF001
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    score = page.locator("label[for=csat-2]").bounding_box()
    assert score["height"] >= 44 and score["width"] >= 44  # a thumb's size
    nps = [page.locator(f"label[for=nps-{n}]").bounding_box() for n in range(11)]
    assert len({round(box["y"]) for box in nps}) >= 2  # the row wraps instead of overflowing
    assert all(box["x"] + box["width"] <= PHONE["width"] for box in nps)
    _shot(page, "survey-phone-zh")

    page.locator("label[for=csat-2]").click()
    page.locator("label[for=nps-3]").click()
    page.locator("label[for=first-visit-no]").click()
    page.locator("#comment").fill("等了三个星期。")
    page.locator("[data-testid=survey-form] button[type=submit]").click()

    expect(page.locator("[data-testid=survey-thanks]")).to_be_visible()
    expect(page.locator("[data-testid=survey-follow-up]")).to_be_visible()
    _shot(page, "survey-phone-thanks")
    follow_up = FollowUp.objects.get()
    assert follow_up.response.comment == "等了三个星期。"
    assert OutboxMessage.objects.get(topic=f"follow-up:{follow_up.pk}").user.username == (
        "manager-gz"
    )

    page.goto(survey_link)
    expect(page.locator("[data-testid=survey-closed]")).to_have_attribute(
        "data-code", "survey_answered"
    )


def test_it_switches_the_survey_to_english(page, survey_link):
    page.set_viewport_size(PHONE)
    page.goto(survey_link)
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-testid=csat] legend")).to_have_text(
        "How satisfied are you with the repair?"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "survey-phone-en")
