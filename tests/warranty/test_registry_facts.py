"""Deciding with a registered serial: the registry supplies the recall, channel and model."""

from datetime import date

import pytest
from django.utils import timezone

from sanbao.catalog.models import ProductionBatch, ProductModel, Recall, Unit

pytestmark = pytest.mark.django_db

URL = "/api/v1/warranty/decisions"


@pytest.fixture
def api(client_as, make_user):
    return client_as(make_user("front_desk"))


@pytest.fixture
def romoss_units(other_brand, dealer, make_user):
    dealer.brands.add(other_brand)
    dealer.authorised_from, dealer.authorised_until = date(2024, 1, 1), date(2025, 6, 30)
    dealer.save()
    model = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20K", name_en="Bank", name_zh="移动电源",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    recalled = ProductionBatch.objects.create(
        model=model, code="R2503", produced_from=date(2025, 3, 1), produced_to=date(2025, 3, 28)
    )
    other = ProductionBatch.objects.create(
        model=model, code="R2509", produced_from=date(2025, 9, 1), produced_to=date(2025, 9, 28)
    )
    units = {
        "recalled": Unit.objects.create(
            brand=other_brand, serial="RMS0000000001", model=model, batch=recalled,
            produced_on=date(2025, 3, 2), dealer=dealer, shipped_on=date(2025, 4, 1),
        ),
        "late": Unit.objects.create(
            brand=other_brand, serial="RMS0000000002", model=model, batch=other,
            produced_on=date(2025, 9, 2), dealer=dealer, shipped_on=date(2025, 10, 1),
        ),
    }  # fmt: skip
    recall = Recall.objects.create(
        brand=other_brand, code="RMS-R1", title_en="Recall", title_zh="召回", cause="Cells.",
        remedy="choice", starts_on=date(2025, 1, 1), status=Recall.Status.ACTIVE,
        created_by=make_user("manager"),
    )  # fmt: skip
    recall.product_models.set([model])
    recall.batches.set([recalled])
    return units


def _facts(serial, **overrides):
    facts = {
        "policy": "romoss",
        "serial": serial,
        "claim_date": str(timezone.localdate()),
        "fault_code": "no_output",
        "purchase_date": "2025-05-01",
    }
    return {**facts, **overrides}


def test_it_takes_the_recall_from_the_registry(api, romoss_units):
    response = api.post(URL, _facts("rms-0000000001"), content_type="application/json")
    assert response.status_code == 200, response.content
    decision = response.json()
    assert decision["coverage"] == "recall"
    assert {"refund", "replace"} <= set(decision["remedies"])  # the customer chooses
    assert "RECALL" in [reason["clause_id"] for reason in decision["reasons"]]


def test_it_excludes_a_unit_shipped_after_the_dealers_authorisation_ended(api, romoss_units):
    response = api.post(URL, _facts("RMS0000000002"), content_type="application/json")
    decision = response.json()
    assert decision["coverage"] == "excluded"
    assert "ROMOSS-III.1" in [reason["clause_id"] for reason in decision["reasons"]]


def test_it_lets_the_registry_override_what_the_caller_said(api, romoss_units):
    facts = _facts("RMS0000000002", category="cable", authorised_channel=True)
    decision = api.post(URL, facts, content_type="application/json").json()
    assert decision["coverage"] == "excluded"


def test_it_answers_404_for_an_unknown_serial(api, romoss_units):
    response = api.post(URL, _facts("RMS9999999999"), content_type="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_serial"


def test_it_refuses_a_unit_under_another_brands_policy(api, romoss_units):
    response = api.post(URL, _facts("RMS0000000001", policy="top"), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["policy"]


def test_it_asks_for_the_category_without_a_serial(api):
    facts = _facts(None)
    del facts["serial"]
    response = api.post(URL, facts, content_type="application/json")
    assert response.status_code == 422
    assert "category" in response.json()["error"]["fields"]
