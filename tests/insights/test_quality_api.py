"""The quality API: the watch list, and a recall draft from a batch.

The router is tested on an API of its own with the production API's authentication and
error handlers, mounted at the production path (the lead mounts it in config/api.py)."""

import pytest
from django.urls import include, path
from ninja import NinjaAPI

from sanbao.accounts.api_auth import api_auth
from sanbao.accounts.tokens import api_token_issue
from sanbao.catalog.models import Recall
from sanbao.config import api as production
from sanbao.config.urls import urlpatterns as site_urlpatterns
from sanbao.insights.quality_api import router
from tests.insights.test_quality import seed_quality

quality_api = NinjaAPI(auth=api_auth, urls_namespace="quality-api-test")
quality_api.add_router("/insights", router)
for error, handler in production.api._exception_handlers.items():
    quality_api.add_exception_handler(error, handler)
urlpatterns = [path("api/v1/", quality_api.urls), path("", include(site_urlpatterns))]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

WATCH = "/api/v1/insights/quality/watch-list"


def draft_url(batch) -> str:
    return f"/api/v1/insights/quality/batches/{batch.pk}/recall-draft"


@pytest.fixture
def seeded(bank, foreign_model, outlet, dealer, users):
    return seed_quality(bank=bank, foreign_model=foreign_model, outlet=outlet, dealer=dealer,
                        by=users["front_desk"])  # fmt: skip


def bearer(user):
    _token, secret = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_it_lists_the_flagged_batches_worst_first(seeded, users, client, bank, brand):
    response = client.get(WATCH, {"brand": brand.pk}, **bearer(users["manager"]))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    assert [item["batch_code"] for item in body["items"]][-1] == "C"
    c = body["items"][-1]
    assert c == {
        "batch_id": seeded.batches["C"].pk, "batch_code": "C", "model_id": bank.pk,
        "model_sku": "TOP-PB10", "produced_from": "2025-03-01", "produced_to": "2025-03-20",
        "units_shipped": 1000, "confirmed_faults": 15, "hazard_faults": {},
        "rate_per_mille": 15.0, "centre_line_per_mille": 3.14, "ucl_per_mille": 8.45,
        "lcl_per_mille": 0.0, "reasons": ["above_ucl"], "why": "Above the upper control limit",
    }  # fmt: skip
    hazard = next(item for item in body["items"] if item["batch_code"] == "H")
    assert hazard["hazard_faults"] == {"swelling": 1} and hazard["reasons"] == ["hazard"]


def test_the_watch_list_speaks_chinese_when_asked(seeded, users, client, brand):
    response = client.get(WATCH, {"model": seeded.batches["H"].model_id},
                          HTTP_ACCEPT_LANGUAGE="zh-hans", **bearer(users["manager"]))  # fmt: skip
    hazard = next(item for item in response.json()["items"] if item["batch_code"] == "H")
    assert "电池鼓包 × 1" in hazard["why"]  # noqa: RUF001


def test_the_watch_list_refuses_bad_filters_and_strangers(seeded, users, client, other_brand):
    manager = bearer(users["manager"])
    bad = client.get(WATCH, {"start": "2026-05-01", "end": "2026-01-01"}, **manager)
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_input" and "end" in bad.json()["error"]["fields"]
    limited = users["front_desk"]
    assert client.get(WATCH, **bearer(limited)).status_code == 403
    assert client.get(WATCH).status_code == 401
    other_brands_list = client.get(WATCH, {"brand": other_brand.pk}, **bearer(users["auditor"]))
    assert other_brands_list.status_code == 200  # an HQ auditor sees every brand


def test_a_recall_draft_is_created_once(seeded, users, client):
    manager = bearer(users["manager"])
    created = client.post(draft_url(seeded.batches["C"]), **manager)
    assert created.status_code == 201, created.content
    recall = Recall.objects.get()
    assert created.json() == {"id": recall.pk, "code": "TOP-PB10-C", "status": "draft"}
    again = client.post(draft_url(seeded.batches["C"]), **manager)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "recall_exists"
    assert "TOP-PB10-C" in again.json()["error"]["message"]


def test_a_recall_draft_is_refused_to_others(seeded, users, client, make_user, other_brand):
    assert (
        client.post(draft_url(seeded.batches["C"]), **bearer(users["auditor"])).status_code == 403
    )
    assert (
        client.post(draft_url(seeded.batches["C"]), **bearer(users["front_desk"])).status_code
        == 403
    )
    stranger = make_user("manager", username="rms-manager")
    stranger.brands.set([other_brand])
    missing = client.post(draft_url(seeded.batches["C"]), **bearer(stranger))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert not Recall.objects.exists()
