"""Recall pages: status, outreach, recovery and CSV actions; generic list, form and detail."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from sanbao.catalog.models import Recall, RecallRecovery, Unit, UnitStatus
from sanbao.customers.models import Customer
from sanbao.notify.models import OutboxMessage

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 1)


@pytest.fixture
def units(bank):
    owner = Customer.objects.create(
        name="张三", phone="+8613800138000", notifications_consented_at=timezone.now()
    )
    return [
        Unit.objects.create(
            brand=bank.brand,
            serial=serial,
            model=bank,
            produced_on=DAY,
            owner=owner if serial == "TOP0011" else None,
        )
        for serial in ("TOP0011", "TOP0012", "TOP0013", "TOP0099")
    ]


def _recall(brand, by, models, *, status="draft", code="rc-1", ranges=(("TOP0010", "TOP0020"),)):
    recall = Recall.objects.create(
        brand=brand, code=code, title_en="Bank 10 overheating", title_zh="移动电源过热召回",
        cause="Cells may overheat.", remedy="replace", serial_ranges=[list(r) for r in ranges],
        starts_on=timezone.localdate() - timedelta(days=3), status=status, created_by=by,
    )  # fmt: skip
    recall.product_models.set(models)
    return recall


@pytest.fixture
def recall(brand, bank, users, units):
    return _recall(brand, users["manager"], [bank])


@pytest.fixture
def active_recall(brand, bank, users, units):
    return _recall(brand, users["manager"], [bank], status="active")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _detail(recall) -> str:
    return reverse("web:object_detail:recalls", args=[recall.pk])


# Status


def test_it_lets_a_manager_activate_a_recall(client_as, users, recall):
    client = client_as(users["manager"])
    response = client.post(reverse("catalog:recall_status", args=[recall.pk]), {"status": "active"})
    assert response.status_code == 302
    assert response["Location"] == _detail(recall)
    recall.refresh_from_db()
    assert recall.status == Recall.Status.ACTIVE
    assert recall.units_in_scope == 3
    assert _messages(response) == ["The recall is now Active."]


def test_it_reports_a_refused_transition_and_changes_nothing(client_as, users, recall):
    client = client_as(users["manager"])
    response = client.post(reverse("catalog:recall_status", args=[recall.pk]), {"status": "closed"})
    assert response.status_code == 302
    recall.refresh_from_db()
    assert recall.status == Recall.Status.DRAFT
    assert _messages(response) == ["A recall that is Draft cannot become Closed."]


@pytest.mark.parametrize("role", ["front_desk", "technician", "auditor", "dealer"])
def test_it_keeps_roles_without_change_recall_from_the_status(client_as, users, recall, role):
    response = client_as(users[role]).post(
        reverse("catalog:recall_status", args=[recall.pk]), {"status": "active"}
    )
    assert response.status_code == 403
    recall.refresh_from_db()
    assert recall.status == Recall.Status.DRAFT


def test_it_changes_status_only_by_post(client_as, users, recall):
    response = client_as(users["manager"]).get(reverse("catalog:recall_status", args=[recall.pk]))
    assert response.status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(client, recall):
    response = client.post(reverse("catalog:recall_status", args=[recall.pk]), {"status": "active"})
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    recall.refresh_from_db()
    assert recall.status == Recall.Status.DRAFT


def test_it_hides_a_recall_of_a_brand_the_user_does_not_serve(
    client_as, make_user, other_brand, foreign_model, users, outlet
):
    foreign = _recall(other_brand, users["manager"], [foreign_model], code="rms-1")
    manager = make_user("manager", username="gz-manager", outlet=outlet)  # serves TOP only
    response = client_as(manager).post(
        reverse("catalog:recall_status", args=[foreign.pk]), {"status": "active"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Recall.Status.DRAFT


# Outreach


def test_it_lets_a_manager_notify_owners(client_as, users, active_recall):
    response = client_as(users["manager"]).post(
        reverse("catalog:recall_outreach", args=[active_recall.pk])
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.get().topic == f"recall:{active_recall.pk}"
    assert _messages(response) == ["1 messages to owners are in the outbox."]


def test_it_reports_outreach_for_a_draft_recall_as_an_error(client_as, users, recall):
    response = client_as(users["manager"]).post(
        reverse("catalog:recall_outreach", args=[recall.pk])
    )
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()
    assert _messages(response) == ["Activate the recall before telling owners."]


def test_it_keeps_front_desk_from_notifying_owners(client_as, users, active_recall):
    response = client_as(users["front_desk"]).post(
        reverse("catalog:recall_outreach", args=[active_recall.pk])
    )
    assert response.status_code == 403
    assert not OutboxMessage.objects.exists()


# Recovery


def test_it_lets_front_desk_record_a_recovered_unit_at_their_outlet(
    client_as, users, active_recall, outlet
):
    response = client_as(users["front_desk"]).post(
        reverse("catalog:recall_recover", args=[active_recall.pk]),
        {"serial": "top-0012", "remedy_given": "replace"},
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(active_recall)
    recovery = RecallRecovery.objects.get()
    assert recovery.unit.serial == "TOP0012"
    assert recovery.outlet == outlet
    assert recovery.recorded_by == users["front_desk"]
    assert Unit.objects.get(serial="TOP0012").status == UnitStatus.RECOVERED
    assert _messages(response) == ["Unit TOP0012 is recorded as recovered."]


def test_it_reports_a_unit_outside_the_scope(client_as, users, active_recall):
    response = client_as(users["front_desk"]).post(
        reverse("catalog:recall_recover", args=[active_recall.pk]),
        {"serial": "TOP0099", "remedy_given": "replace"},
    )
    assert response.status_code == 302
    assert not RecallRecovery.objects.exists()
    assert _messages(response) == ["Unit TOP0099 is not in this recall."]


def test_it_refuses_a_remedy_the_recall_does_not_offer(client_as, users, active_recall):
    response = client_as(users["front_desk"]).post(
        reverse("catalog:recall_recover", args=[active_recall.pk]),
        {"serial": "TOP0012", "remedy_given": "refund"},
    )
    assert response.status_code == 302
    assert not RecallRecovery.objects.exists()
    assert _messages(response) == ["This recall does not offer that remedy."]


def test_it_reports_an_incomplete_recovery_form(client_as, users, active_recall):
    response = client_as(users["front_desk"]).post(
        reverse("catalog:recall_recover", args=[active_recall.pk]), {"serial": "TOP0012"}
    )
    assert response.status_code == 302
    assert not RecallRecovery.objects.exists()
    assert _messages(response) == ["Give the serial number and the remedy given."]


@pytest.mark.parametrize("role", ["auditor", "warehouse", "dealer"])
def test_it_keeps_roles_without_add_recallrecovery_out(client_as, users, active_recall, role):
    response = client_as(users[role]).post(
        reverse("catalog:recall_recover", args=[active_recall.pk]),
        {"serial": "TOP0012", "remedy_given": "replace"},
    )
    assert response.status_code == 403
    assert not RecallRecovery.objects.exists()


# Units CSV


@pytest.mark.parametrize("role", ["manager", "front_desk", "auditor"])
def test_it_streams_the_units_in_scope_as_csv(client_as, users, active_recall, role):
    response = client_as(users[role]).get(
        reverse("catalog:recall_units_csv", args=[active_recall.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="recall-rc-1-units.csv"' in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().split("\r\n")
    assert lines[0] == "\ufeffserial,model_sku,batch,produced_on,shipped_on,status"
    assert sorted(lines[1:-1]) == [
        f"{serial},TOP-PB10,,2025-03-01,,produced" for serial in ("TOP0011", "TOP0012", "TOP0013")
    ]
    assert lines[-1] == ""


def test_it_quotes_csv_values_that_hold_commas(client_as, users, active_recall, bank):
    from sanbao.catalog.models import ProductionBatch

    batch = ProductionBatch.objects.create(
        model=bank, code='B1, "rework"', produced_from=DAY, produced_to=DAY
    )
    Unit.objects.filter(serial="TOP0011").update(batch=batch)
    response = client_as(users["manager"]).get(
        reverse("catalog:recall_units_csv", args=[active_recall.pk])
    )
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == 6 for row in rows)
    assert rows[1][:3] == ["TOP0011", "TOP-PB10", 'B1, "rework"']


def test_it_keeps_dealers_from_the_csv(client_as, users, active_recall):
    response = client_as(users["dealer"]).get(
        reverse("catalog:recall_units_csv", args=[active_recall.pk])
    )
    assert response.status_code == 403


# Generic pages


def test_it_lists_recalls(client_as, users, recall):
    response = client_as(users["front_desk"]).get(reverse("web:object_list:recalls"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "rc-1" in html and "Bank 10 overheating" in html


def test_it_creates_a_recall_through_the_generic_form(client_as, users, brand, bank, units):
    client = client_as(users["manager"])
    url = reverse("web:object_create:recalls")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="ranges"' in page.content.decode()
    response = client.post(
        url,
        {
            "brand": brand.pk, "code": "rc-new", "title_en": "Bank 10 overheating",
            "title_zh": "移动电源过热召回", "cause": "Cells may overheat.", "remedy": "choice",
            "product_models": [bank.pk], "starts_on": "2025-04-01", "ranges": "top0011 top0012",
        },
    )  # fmt: skip
    created = Recall.objects.get(code="rc-new")
    assert response.status_code == 302
    assert response["Location"] == _detail(created)
    assert created.created_by == users["manager"]
    assert created.serial_ranges == [["TOP0011", "TOP0012"]]
    assert created.units_in_scope == 2


def test_it_shows_form_errors_and_saves_nothing(client_as, users, brand, bank):
    response = client_as(users["manager"]).post(
        reverse("web:object_create:recalls"),
        {
            "brand": brand.pk, "code": "rc-bad", "title_en": "x", "title_zh": "x", "cause": "x",
            "remedy": "replace", "product_models": [bank.pk], "starts_on": "2025-04-01",
            "ends_on": "2025-03-01", "ranges": "TOP0011 TOP00120",
        },
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"ranges", "ends_on"}
    assert not Recall.objects.exists()


def test_it_does_not_offer_models_of_brands_the_user_does_not_serve(
    client_as, make_user, outlet, brand, bank, foreign_model
):
    manager = make_user("manager", username="gz-manager", outlet=outlet)  # serves TOP only
    response = client_as(manager).post(
        reverse("web:object_create:recalls"),
        {
            "brand": brand.pk, "code": "rc-x", "title_en": "x", "title_zh": "x", "cause": "x",
            "remedy": "replace", "product_models": [foreign_model.pk], "starts_on": "2025-04-01",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "product_models" in response.context["form"].errors
    assert not Recall.objects.exists()


@pytest.mark.parametrize("role", ["front_desk", "auditor", "service_commissioner"])
def test_it_keeps_roles_without_add_recall_from_the_form(client_as, users, role):
    assert client_as(users[role]).get(reverse("web:object_create:recalls")).status_code == 403


def test_it_shows_units_in_scope_and_recovered_on_the_detail_page(client_as, users, active_recall):
    from sanbao.catalog.recalls import recall_count, recall_unit_recover

    recall_count(recall=active_recall)
    recall_unit_recover(
        recall=active_recall, serial="TOP0011", remedy_given="replace", outlet=None,
        by=users["manager"],
    )  # fmt: skip
    response = client_as(users["manager"]).get(_detail(active_recall))
    assert response.status_code == 200
    assert response.context["recovered"] == 1
    assert response.context["percent"] == 33.3
    html = response.content.decode()
    assert '<div class="fs-3 fw-semibold" data-testid="units-in-scope">3</div>' in html
    assert '<div class="fs-3 fw-semibold" data-testid="units-recovered">1</div>' in html
    assert reverse("catalog:recall_status", args=[active_recall.pk]) in html
    assert reverse("catalog:recall_outreach", args=[active_recall.pk]) in html
    assert reverse("catalog:recall_recover", args=[active_recall.pk]) in html
    assert "TOP0099" not in html


def test_it_offers_front_desk_recovery_but_no_status_actions(client_as, users, active_recall):
    response = client_as(users["front_desk"]).get(_detail(active_recall))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("catalog:recall_recover", args=[active_recall.pk]) in html
    assert reverse("catalog:recall_status", args=[active_recall.pk]) not in html
    assert reverse("catalog:recall_outreach", args=[active_recall.pk]) not in html


def test_it_offers_activation_of_a_draft_only(client_as, users, recall):
    response = client_as(users["manager"]).get(_detail(recall))
    assert response.context["next_statuses"] == [("active", "Active")]
    html = response.content.decode()
    assert "Activate the recall" in html
    assert reverse("catalog:recall_outreach", args=[recall.pk]) not in html
    assert reverse("catalog:recall_recover", args=[recall.pk]) not in html
