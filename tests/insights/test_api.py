"""The dashboards' API: the list a user may see, one dashboard's figures and tables for the
filters, its errors (401, 403, 404, 422), its language and its brand scope."""

import json

import pytest
from django.utils import translation

from sanbao.accounts.tokens import api_token_issue
from tests.insights.conftest import MARKS, PERIOD

pytestmark = pytest.mark.django_db

LIST = "/api/v1/insights/dashboards"


def url(slug: str) -> str:
    return f"{LIST}/{slug}"


def bearer(user, **headers):
    _token, secret = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **headers}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_it_lists_the_dashboards_a_manager_may_see(users, client):
    response = client.get(LIST, **bearer(users["manager"]))
    assert response.status_code == 200
    body = response.json()
    assert [d["slug"] for d in body] == [
        "service-levels", "faults", "money", "dealers", "satisfaction",
    ]  # fmt: skip
    assert body[1] == {
        "slug": "faults", "title": "Faults",
        "summary": "What fails, on which models and production batches, and why repairs fell "
                   "outside the warranty.",
    }  # fmt: skip


@pytest.mark.parametrize("role", ["front_desk", "technician", "dealer"])
def test_staff_without_the_permission_list_nothing_and_read_nothing(users, client, role):
    headers = bearer(users[role])
    assert client.get(LIST, **headers).json() == []
    response = client.get(url("faults"), PERIOD, **headers)
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_anyone_signed_out_is_a_401(client, db):
    for path in (LIST, url("faults")):
        response = client.get(path)
        assert response.status_code == 401
        assert error_of(response)["code"] == "not_authenticated"


def test_a_dashboard_s_figures_and_tables(both_brands, top_manager, client):
    response = client.get(url("faults"), PERIOD, **bearer(top_manager))
    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in ("dashboard", "title", "start", "end")} == {
        "dashboard": "faults", "title": "Faults", "start": "2026-01-01", "end": "2026-03-31",
    }  # fmt: skip
    assert body["figures"] == [
        {"label": "Faults recorded", "value": "4", "hint": "", "tone": ""},
        {"label": "Most frequent fault", "value": "Does not charge", "hint": "3 times",
         "tone": ""},
        {"label": "Exclusions found", "value": "1", "hint": "", "tone": ""},
    ]  # fmt: skip
    assert [c["slug"] for c in body["charts"]] == [
        "fault-pareto", "faults-by-model", "faults-by-batch", "exclusions",
    ]  # fmt: skip
    pareto = body["charts"][0]
    assert pareto == {
        "slug": "fault-pareto", "title": "Fault Pareto",
        "note": "Service orders registered and returned units inspected in the period; "
                "'no fault found' is left out.",
        "columns": ["Fault", "Service orders", "Returned units", "Total", "Cumulative %"],
        "rows": [["Does not charge", 3, 0, 3, 75.0], ["No output", 0, 1, 1, 100.0]],
    }  # fmt: skip
    assert body["charts"][2]["rows"] == [["TOP-PB10 · B1", 3, 1000, 3.0]]


def test_money_comes_as_numbers_and_missing_values_as_null(both_brands, top_manager, client):
    headers = bearer(top_manager)
    money = client.get(url("money"), PERIOD, **headers).json()
    revenue = next(c for c in money["charts"] if c["slug"] == "revenue")
    assert revenue["rows"][0] == ["2026-01", 1, 120.5, 1, 30.0, 150.5]
    levels = client.get(url("service-levels"), PERIOD, **headers).json()
    assert levels["charts"][0]["rows"][1] == ["2026-02", 0, 0, None, 0, 0, None, 0, 0, None]


def test_without_filters_it_answers_for_the_last_twelve_months(clock, users, client):
    clock(2026, 1, 20)
    body = client.get(url("satisfaction"), **bearer(users["manager"])).json()
    assert (body["start"], body["end"]) == ("2025-02-01", "2026-01-20")
    assert len(body["charts"][0]["rows"]) == 12


def test_the_filters_narrow_the_answer(both_brands, users, client, other_brand, dealer):
    headers = bearer(users["manager"])
    romoss = client.get(url("faults"), {**PERIOD, "brand": other_brand.pk}, **headers).json()
    assert romoss["charts"][0]["rows"] == [
        ["Swollen battery", 1, 1, 2, 66.7], ["Does not charge", 1, 0, 1, 100.0],
    ]  # fmt: skip
    hz = client.get(url("dealers"), {**PERIOD, "dealer": dealer.pk}, **headers).json()
    assert hz["charts"][0]["rows"] == [["杭州数码通讯器材有限公司", 100, 2, 2.0]]


@pytest.mark.parametrize("slug", ["service-levels", "faults", "money", "dealers",
                                  "satisfaction"])  # fmt: skip
def test_an_answer_holds_nothing_of_another_brand(both_brands, users, top_manager, client, slug):
    mine = client.get(url(slug), PERIOD, **bearer(top_manager)).content.decode()
    mine = json.dumps(json.loads(mine), ensure_ascii=False)
    assert [mark for mark in MARKS if mark in mine] == []
    everyone = client.get(url(slug), PERIOD, **bearer(users["manager"])).json()
    assert everyone["figures"] != json.loads(mine)["figures"]


def test_a_brand_limited_user_cannot_ask_for_another_brand(top_manager, client, other_brand):
    response = client.get(url("faults"), {"brand": other_brand.pk}, **bearer(top_manager))
    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["message"]) == ("invalid_input", "Check the filters.")
    assert list(error["fields"]) == ["brand"]
    assert error["fields"]["brand"].startswith("Select a valid choice.")


def test_a_period_that_ends_before_it_starts_is_a_422(users, client):
    response = client.get(url("money"), {"start": "2026-03-01", "end": "2026-02-01"},
                          **bearer(users["manager"]))  # fmt: skip
    assert response.status_code == 422
    assert error_of(response) == {
        "code": "invalid_input", "message": "Check the filters.",
        "fields": {"end": "The period cannot end before it starts."},
    }  # fmt: skip


def test_a_period_over_three_years_is_a_422(users, client):
    response = client.get(url("money"), {"start": "2020-01-01", "end": "2026-01-01"},
                          **bearer(users["manager"]))  # fmt: skip
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"end": "Choose a period of at most three years."}


@pytest.mark.parametrize(("query", "field"), [({"start": "2026-02-30"}, "start"),
                                              ({"model": "bank"}, "model")])  # fmt: skip
def test_a_value_of_the_wrong_kind_is_a_422_naming_the_field(users, client, query, field):
    response = client.get(url("money"), query, **bearer(users["manager"]))
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_input"
    assert [name.rsplit(".", 1)[-1] for name in error["fields"]] == [field]


def test_an_unknown_dashboard_is_a_404(users, client):
    response = client.get(url("nothing"), **bearer(users["manager"]))
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found", "message": "There is no dashboard nothing.", "fields": {},
    }  # fmt: skip


def test_headings_and_names_follow_accept_language(both_brands, top_manager, client):
    headers = bearer(top_manager, HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = client.get(url("faults"), PERIOD, **headers).json()
    pareto = body["charts"][0]
    assert pareto["columns"][:2] == ["故障", "维修单"]
    assert [row[0] for row in pareto["rows"]] == ["无法充电", "无输出"]
    with translation.override("zh-hans"):
        assert body["title"] == translation.gettext("Faults")
        assert pareto["columns"][4] == translation.gettext("Cumulative %")
    english = client.get(url("faults"), PERIOD, **bearer(top_manager)).json()
    assert english["charts"][0]["columns"][:2] == ["Fault", "Service orders"]
