"""POST /api/v1/warranty/decisions: facts in, decision out; bad facts named in 422s."""

import pytest

from sanbao.accounts.tokens import api_token_issue

pytestmark = pytest.mark.django_db

URL = "/api/v1/warranty/decisions"


def _facts(**overrides):
    facts = {
        "policy": "top",
        "category": "power_bank",
        "claim_date": "2026-03-02",
        "fault_code": "no_output",
        "purchase_date": "2026-02-25",
    }
    return {**facts, **overrides}


@pytest.fixture
def api(client_as, make_user):
    return client_as(make_user("front_desk"))


def test_it_decides_with_reasons_from_brand_and_law(api):
    response = api.post(URL, _facts(), content_type="application/json")
    assert response.status_code == 200, response.content
    decision = response.json()
    assert decision["coverage"] == "in_warranty"
    assert decision["remedies"] == ["refund", "replace", "repair"]
    cited = [reason["clause_id"] for reason in decision["reasons"]]
    assert "3G-7" in cited and "TOP-1.1" in cited
    assert all(charge["payer"] == "brand" for charge in decision["charges"])
    assert decision["policy_id"] == "top" and decision["law_id"] == "prc-law"


def test_it_answers_in_chinese(api):
    response = api.post(
        URL,
        _facts(fault_code="swelling"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    decision = response.json()
    assert decision["coverage_label"] == "保修期内"
    assert "停止使用" in decision["hazards"][0]["text"]
    assert decision["reasons"][0]["text"] == decision["reasons"][0]["text_zh"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"fault_code": "exploded"}, "fault_code"),
        ({"purchase_date": "2026-03-05"}, "purchase_date"),
        ({"policy": "acme"}, "policy"),
        ({"claim_date": "2026-02-30"}, "claim_date"),
        ({"purchase_date": "yesterday"}, "purchase_date"),
        ({"category": "toaster"}, "category"),
        ({"exclusions": ["bad_luck"]}, "exclusions"),
        ({"sales_channel": "door_to_door"}, "sales_channel"),
        ({"prior_failed_repairs": -1}, "prior_failed_repairs"),
    ],
)
def test_it_names_the_bad_field(api, overrides, field):
    response = api.post(URL, _facts(**overrides), content_type="application/json")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert any(name.split(".")[0] == field for name in error["fields"]), error  # exclusions.0


def test_it_names_the_bad_field_in_chinese(api):
    response = api.post(
        URL,
        _facts(purchase_date="2026-03-05"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.json()["error"]["fields"]["purchase_date"] == "该日期不能晚于申请日期。"


def test_it_refuses_anonymous_callers_and_dealers(client, make_user):
    assert client.post(URL, _facts(), content_type="application/json").status_code == 401
    _token, clear = api_token_issue(user=make_user("dealer"), name="t")
    response = client.post(
        URL, _facts(), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clear}"
    )
    assert response.status_code == 403


def test_it_applies_calendar_overrides_made_by_admins(api):
    from datetime import date

    from sanbao.warranty.models import WorkingCalendarOverride
    from sanbao.warranty.services import working_calendar_changed

    facts = _facts(claim_date="2026-03-02", purchase_date="2026-02-25", fault_code="no_charge")
    before = api.post(URL, facts, content_type="application/json").json()
    due = {d["kind"]: d["due_on"] for d in before["deadlines"]}["repair_due"]
    assert due == "2026-03-11"  # 7 working days after Monday 2 March
    WorkingCalendarOverride.objects.create(date=date(2026, 3, 4), is_working_day=False)
    working_calendar_changed()
    after = api.post(URL, facts, content_type="application/json").json()
    assert {d["kind"]: d["due_on"] for d in after["deadlines"]}["repair_due"] == "2026-03-12"


def test_it_documents_every_code_the_engine_knows():
    from typing import get_args

    from sanbao.policy.codes import EXCLUSIONS, FAULTS
    from sanbao.warranty.schemas import ExclusionCode, FaultCode

    assert set(get_args(FaultCode)) == set(FAULTS)
    assert set(get_args(ExclusionCode)) == EXCLUSIONS
