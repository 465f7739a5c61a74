"""The policy simulator and the policy viewer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FORM = {
    "policy": "romoss",
    "category": "power_bank",
    "fault_code": "no_output",
    "sales_channel": "offline",
    "purchase_date": "2026-01-05",
    "claim_date": "2026-03-02",
    "region": "CN",
    "has_proof_of_purchase": "on",
    "has_warranty_card": "on",
    "card_matches_unit": "on",
    "authorised_channel": "on",
    "good_condition": "on",
    "prior_failed_repairs": "0",
    "days_in_repair": "0",
}


def test_it_decides_as_fields_change_with_htmx(client_as, make_user):
    client = client_as(make_user("technician"))
    response = client.post(reverse("warranty:simulator"), FORM, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-coverage="in_warranty"' in html
    assert "ROMOSS-II.3" in html


def test_it_shows_an_exclusion_when_the_card_is_missing(client_as, make_user):
    client = client_as(make_user("front_desk"))
    form = {k: v for k, v in FORM.items() if k != "has_warranty_card"}
    html = client.post(reverse("warranty:simulator"), form, HTTP_HX_REQUEST="true")
    assert 'data-coverage="excluded"' in html.content.decode()
    assert "ROMOSS-III.2" in html.content.decode()


def test_it_names_a_bad_fact_instead_of_deciding(client_as, make_user):
    client = client_as(make_user("front_desk"))
    client.cookies["django_language"] = "zh-hans"
    form = {**FORM, "purchase_date": "2026-04-01"}
    html = client.post(reverse("warranty:simulator"), form, HTTP_HX_REQUEST="true").content
    text = html.decode()
    assert 'data-testid="facts-errors"' in text and "不能晚于申请日期" in text
    assert 'data-testid="decision"' not in text


def test_it_renders_the_full_page_without_htmx(client_as, make_user):
    client = client_as(make_user("front_desk"))
    assert client.get(reverse("warranty:simulator")).status_code == 200
    page = client.post(reverse("warranty:simulator"), FORM).content.decode()
    assert "<html" in page and 'data-testid="decision"' in page


def test_it_shows_brand_and_law_side_by_side(client_as, make_user):
    client = client_as(make_user("manager"))
    html = client.get(reverse("warranty:policies"), {"policy": "romoss"}).content.decode()
    for clause in ("ROMOSS-III.6", "ROMOSS-IV.5", "ROMOSS-V.1", "3G-15", "CRPL-25"):
        assert f'id="clause-{clause}"' in html
    top = client.get(reverse("warranty:policies"), {"policy": "top"}).content.decode()
    assert 'id="clause-TOP-3.2"' in top and 'id="clause-ROMOSS-III.6"' not in top


def test_it_falls_back_to_the_first_policy_for_an_unknown_one(client_as, make_user):
    client = client_as(make_user("manager"))
    assert client.get(reverse("warranty:policies"), {"policy": "../etc"}).status_code == 200


@pytest.mark.parametrize("url_name", ["warranty:simulator", "warranty:policies"])
def test_it_keeps_dealers_out(client_as, make_user, url_name):
    assert client_as(make_user("dealer")).get(reverse(url_name)).status_code == 403
