"""The quality pages: the watch list with its p-chart, a batch's evidence, its photos, the
recall draft button, exports, who may open what, and a bounded number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanbao.catalog.models import Recall
from tests.insights.test_quality import seed_quality

pytestmark = pytest.mark.django_db

PAGE = "/insights/quality/"


@pytest.fixture
def seeded(bank, foreign_model, outlet, dealer, users):
    return seed_quality(bank=bank, foreign_model=foreign_model, outlet=outlet, dealer=dealer,
                        by=users["front_desk"])  # fmt: skip


@pytest.fixture
def foreign_manager(make_user, other_brand):
    user = make_user("manager", username="rms-manager")
    user.brands.set([other_brand])
    return user


def batch_page(batch) -> str:
    return reverse("insights:quality_batch", args=[batch.pk])


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Swollen battery × 1"), ("zh-hans", "电池鼓包 × 1")],  # noqa: RUF001
)
def test_it_shows_the_chart_and_the_watch_list(seeded, users, client_as, language, words):
    client = client_as(users["manager"])
    client.cookies["django_language"] = language
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html
    assert 'data-chart="p-chart-option"' in html and 'id="p-chart-option"' in html
    assert [rate.batch.code for rate, _recall in response.context["watched"]][-1] == "C"
    assert f'href="{batch_page(seeded.batches["C"])}"' in html
    assert 'class="nav-link active" aria-current="page" href="/insights/quality/' in html
    assert "id_outlet" not in html  # the rate counts every outlet's orders
    if language == "zh-hans":
        assert '<html lang="zh-Hans">' in html


def test_the_model_filter_picks_the_chart_and_narrows_the_list(seeded, users, client_as,
                                                               foreign_model):  # fmt: skip
    response = client_as(users["manager"]).get(PAGE, {"model": foreign_model.pk})
    chart = response.context["board"].chart("p-chart")
    assert chart.table.column(0) == ["R1"]
    assert [rate.batch.code for rate, _r in response.context["watched"]] == ["R1"]


def test_a_bad_period_shows_the_error_and_no_chart(seeded, users, client_as):
    response = client_as(users["manager"]).get(PAGE, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["board"].charts == []
    assert "cannot end before it starts" in response.content.decode()


def test_the_chart_exports_as_csv_and_xlsx(seeded, users, client_as):
    client = client_as(users["manager"])
    csv = client.get("/insights/quality/p-chart.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Batch,Produced from,Units shipped")
    assert lines[3].startswith("C,2025-03-01,1000,15,0,15.0,3.14,8.45,0.0,")
    assert client.get("/insights/quality/p-chart.xlsx").status_code == 200
    assert client.get("/insights/quality/nothing.csv").status_code == 404


def test_the_evidence_page_shows_faults_orders_units_and_photos(seeded, users, client_as):
    c = seeded.batches["C"]
    response = client_as(users["manager"]).get(batch_page(c))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["evidence"].orders_total == 10
    assert "15 service orders" not in html and "10 service orders with a confirmed fault" in html
    assert "5 returned units with a confirmed fault" in html
    photo = response.context["evidence"].photos[0]
    assert reverse("insights:quality_photo", args=[photo.pk]) in html
    assert 'data-testid="start-recall"' in html
    assert 'data-testid="flag-rate"' in html


def test_the_evidence_page_in_chinese(seeded, users, client_as):
    client = client_as(users["manager"])
    client.cookies["django_language"] = "zh-hans"
    html = client.get(batch_page(seeded.batches["H"])).content.decode()
    assert "电池鼓包" in html  # the fault in the active language


def test_another_brands_staff_cannot_see_the_batch(seeded, client_as, foreign_manager):
    client = client_as(foreign_manager)
    assert client.get(batch_page(seeded.batches["C"])).status_code == 404
    assert client.get(batch_page(seeded.foreign)).status_code == 200
    watched = client.get(PAGE).context["watched"]
    assert [rate.batch.code for rate, _r in watched] == ["R1"]
    photo = seeded.batches["C"]
    response = client.post(reverse("insights:quality_recall_draft", args=[photo.pk]))
    assert response.status_code == 404


def test_photos_are_served_to_the_brands_staff_only(seeded, users, client_as, foreign_manager):
    from sanbao.service.models import IntakePhoto

    photo = IntakePhoto.objects.filter(order__production_batch=seeded.batches["C"]).first()
    url = reverse("insights:quality_photo", args=[photo.pk])
    response = client_as(users["manager"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client_as(users["manager"]).get(url, {"thumb": 1}).content[:2] == b"\xff\xd8"
    assert client_as(foreign_manager).get(url).status_code == 404
    assert client_as(users["front_desk"]).get(url).status_code == 403


@pytest.mark.parametrize("role", ["front_desk", "technician", "dealer"])
def test_staff_without_the_permission_are_refused(seeded, users, client_as, role):
    client = client_as(users[role])
    assert client.get(PAGE).status_code == 403
    assert client.get(batch_page(seeded.batches["C"])).status_code == 403
    start = reverse("insights:quality_recall_draft", args=[seeded.batches["C"].pk])
    assert client.post(start).status_code == 403
    assert not Recall.objects.exists()


def test_an_auditor_sees_the_evidence_but_cannot_start_a_recall(seeded, users, client_as):
    client = client_as(users["auditor"])
    html = client.get(batch_page(seeded.batches["C"])).content.decode()
    assert 'data-testid="start-recall"' not in html
    start = reverse("insights:quality_recall_draft", args=[seeded.batches["C"].pk])
    assert client.post(start).status_code == 403


def test_a_manager_starts_a_recall_draft_once(seeded, users, client_as):
    client = client_as(users["manager"])
    c = seeded.batches["C"]
    start = reverse("insights:quality_recall_draft", args=[c.pk])
    response = client.post(start)
    recall = Recall.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:object_edit:recalls", args=[recall.pk])
    assert recall.status == "draft" and list(recall.batches.all()) == [c]
    edit = client.get(response["Location"])
    assert "Recall draft TOP-PB10-C started" in edit.content.decode()

    again = client.post(start, follow=True)
    assert Recall.objects.count() == 1
    assert again.redirect_chain[-1][0] == batch_page(c)
    html = again.content.decode()
    assert "Recall TOP-PB10-C (Draft) already covers batch C." in html
    assert 'data-testid="open-recall"' in html and 'data-testid="start-recall"' not in html
    listed = dict((rate.batch.code, recall) for rate, recall in client.get(PAGE).context["watched"])
    assert listed["C"] == recall


def test_the_draft_takes_the_period_of_the_page(seeded, users, client_as):
    from django.utils import timezone

    start = (timezone.localdate() - timedelta(days=7)).isoformat()
    url = reverse("insights:quality_recall_draft", args=[seeded.batches["C"].pk])
    client_as(users["manager"]).post(f"{url}?start={start}")
    assert Recall.objects.get().cause.startswith("5 confirmed faults in 1000 units")


def test_the_page_runs_the_same_few_queries_however_many_orders(
    seeded, users, client_as, django_assert_max_num_queries
):
    client = client_as(users["manager"])
    client.get(PAGE)  # sessions, permissions and the like settle in
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for batch in seeded.batches.values():
        for fault in ("no_charge", "swelling", "port_damage"):
            seeded.faults.order(batch, fault)
            seeded.faults.unit(batch, fault)
    with django_assert_max_num_queries(18), CaptureQueriesContext(connection) as many:
        response = client.get(PAGE)
    assert len(response.context["watched"]) == 7  # every batch has a hazard now
    assert len(many) == len(few)


def test_the_evidence_page_runs_a_bounded_number_of_queries(
    seeded, users, client_as, django_assert_max_num_queries
):
    client = client_as(users["manager"])
    for _i in range(20):
        seeded.faults.order(seeded.batches["C"], "swelling", photo=True)
    with django_assert_max_num_queries(20):
        assert client.get(batch_page(seeded.batches["C"])).status_code == 200


def test_the_page_shows_the_worst_of_a_long_watch_list(seeded, users, client_as, monkeypatch):
    from sanbao.insights import quality_views

    monkeypatch.setattr(quality_views, "WATCH_LIST_SHOWN", 2)
    response = client_as(users["manager"]).get(PAGE)
    assert len(response.context["watched"]) == 2 and response.context["watched_total"] == 4
    assert "The worst 2 of 4 flagged batches are shown" in response.content.decode()
