"""Declaring unpacking damage (seed 003 V and VI): the draft, its checks, and the submission
inside the 24-hour window counted from the signed-for time."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sanbao.claims.declaring import (
    claim_create,
    claim_evidence_add,
    claim_submit,
    claim_update,
    report_due,
)
from sanbao.claims.models import ClaimEvent, DamageClaim
from tests.claims.conftest import (
    declaration,
    form_scan,
    note_scan,
    photo,
    refused,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------
# Creating the draft.


def test_it_creates_a_numbered_draft(make_claim, dealer_user, other_brand, rms_dealer):
    first = make_claim()
    second = make_claim()

    day = timezone.localdate().strftime("%y%m%d")
    assert (first.number, second.number) == (f"RMSD{day}001", f"RMSD{day}002")
    assert first.status == "draft" and first.desk == "" and first.late is False
    assert (first.brand, first.dealer, first.created_by) == (other_brand, rms_dealer, dealer_user)
    assert sorted(first.lines.values_list("model__sku", "quantity")) == [
        ("RMS-CB1M", 1), ("RMS-PB10K", 2),
    ]  # fmt: skip
    assert first.courier_phone == "+8613812345678"
    assert first.actual_weight_kg == Decimal("4.20")
    event = first.events.get()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "create", "", "draft", dealer_user,
    )  # fmt: skip


def test_it_numbers_by_the_local_day(clock, make_claim):
    clock(2026, 3, 10, hour=0, minute=30)  # still 9 March in UTC

    claim = make_claim(hours_ago=1)

    assert claim.number == "RMSD260310001"


def test_it_fixes_the_report_deadline_24_hours_after_signing(make_claim, other_brand):
    claim = make_claim(hours_ago=3)

    assert claim.report_due_at - claim.signed_for_at == timedelta(hours=24)
    assert report_due(other_brand, claim.signed_for_at) == claim.report_due_at


def test_it_counts_24_hours_across_a_holiday(clock, make_claim):
    """An hour window runs on the clock: the Spring Festival does not stop it."""
    clock(2026, 2, 17, hour=9)  # Chinese New Year's Day

    claim = make_claim(hours_ago=1)

    assert timezone.localtime(claim.report_due_at).strftime("%Y-%m-%d %H:%M") == (
        "2026-02-18 08:00"
    )


def test_it_reads_a_naive_signed_for_time_as_local(make_claim, clock):
    clock(2026, 3, 10, hour=15)

    claim = make_claim(signed_for_at=datetime(2026, 3, 10, 9, 0))

    assert timezone.localtime(claim.signed_for_at).strftime("%Y-%m-%d %H:%M") == (
        "2026-03-10 09:00"
    )


def test_it_stores_a_signed_for_time_with_any_utc_offset(make_claim):
    """The API takes offsets up to ±23:59, PostgreSQL up to ±15:59 (found by fuzzing: 500)."""
    moment = datetime(2025, 6, 8, 4, 11, tzinfo=timezone.get_fixed_timezone(17 * 60 + 48))

    claim = make_claim(signed_for_at=moment)

    claim.refresh_from_db()
    assert claim.signed_for_at == moment


def test_it_refuses_a_signed_for_time_before_the_calendar_begins(
    dealer_user, other_brand, rms_models
):
    moment = datetime(1, 1, 1, 5, 0, tzinfo=timezone.get_fixed_timezone(10 * 60))

    with refused("invalid_input", 422, "signed_for_at"):
        claim_create(brand=other_brand, declaration=declaration(signed_for_at=moment),
                     by=dealer_user)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_for_at": "future"}, "signed_for_at"),
        ({"lines": []}, "lines"),
        ({"lines": [("RMS-NOPE", 1)]}, "lines"),
        ({"lines": [("TOP-PB10", 1)]}, "lines"),  # a TOP model on a ROMOSS declaration
        ({"lines": [("RMS-PB10K", 0)]}, "lines"),
        ({"lines": [("RMS-PB10K", 1), ("rms-pb10k", 2)]}, "lines"),
        ({"seams_total": 2, "seams_intact": 3}, "seams_intact"),
        ({"courier_phone": "12345"}, "courier_phone"),
        ({"courier_phone": "not a phone"}, "courier_phone"),
        ({"delivery_note_number": "  "}, "delivery_note_number"),
        ({"description": ""}, "description"),
        ({"shipment_kind": "gift"}, "shipment_kind"),
        ({"actual_weight_kg": Decimal(0)}, "actual_weight_kg"),
        ({"delivery_list": "RMSR000000001-D1"}, "delivery_list"),
    ],
)
def test_it_refuses_a_wrong_declaration_and_changes_nothing(
    changes, field, dealer_user, other_brand, rms_models, bank, make_claim
):
    make_claim()  # the day's sequence exists: a refusal must not move it
    if changes.get("signed_for_at") == "future":
        changes["signed_for_at"] = timezone.now() + timedelta(minutes=5)

    with refused("invalid_input", 422, field):
        claim_create(brand=other_brand, declaration=declaration(**changes), by=dealer_user)

    assert make_claim().number.endswith("002")


def test_it_refuses_a_brand_without_damage_rules(make_user, brand, bank):
    """TOP's policy says nothing of unpacking damage."""
    top_dealer = make_user("dealer")

    with refused("no_damage_rules", 422, "brand"):
        claim_create(brand=brand, declaration=declaration(lines=[("TOP-PB10", 1)]), by=top_dealer)


@pytest.mark.parametrize("who", ["commercial", "after_sales", "admin"])
def test_staff_do_not_declare(who, request, make_user, other_brand, rms_models):
    user = make_user("admin") if who == "admin" else request.getfixturevalue(who)

    with refused("forbidden", 403):
        claim_create(brand=other_brand, declaration=declaration(), by=user)


def test_a_dealer_declares_only_for_its_brands(other_brand, rms_models, make_user):
    top_only = make_user("dealer")  # the shared dealer, TOP only here

    with refused("forbidden", 403):
        claim_create(brand=other_brand, declaration=declaration(), by=top_only)


def test_it_links_the_dealers_delivery_list(make_claim, delivery_list):
    claim = make_claim(delivery_list=delivery_list.number.lower())

    assert claim.delivery_shipment == delivery_list


def test_it_refuses_another_dealers_delivery_list(
    delivery_list, other_dealer_user, other_brand, rms_models
):
    with refused("invalid_input", 422, "delivery_list"):
        claim_create(
            brand=other_brand,
            declaration=declaration(delivery_list=delivery_list.number),
            by=other_dealer_user,
        )


# ---------------------------------------------------------------------------------------
# Changing the draft.


def test_it_updates_the_draft(make_claim, dealer_user):
    claim = make_claim()

    claim_update(
        number=claim.number.lower(),
        declaration=declaration(lines=[("RMS-CB1M", 5)], seams_total=2, seams_intact=2),
        by=dealer_user,
    )

    claim.refresh_from_db()
    assert list(claim.lines.values_list("model__sku", "quantity")) == [("RMS-CB1M", 5)]
    assert (claim.seams_total, claim.seams_intact) == (2, 2)


def test_a_refused_update_changes_nothing(make_claim, dealer_user):
    claim = make_claim()

    with refused("invalid_input", 422, "lines"):
        claim_update(
            number=claim.number,
            declaration=declaration(seams_total=1, seams_intact=1, lines=[("RMS-NOPE", 1)]),
            by=dealer_user,
        )


def test_a_late_dealer_cannot_move_its_deadline_by_editing_the_signed_time(make_claim, dealer_user):
    claim = make_claim(stage="complete", hours_ago=30)
    due = claim.report_due_at

    claim_update(number=claim.number, declaration=declaration(hours_ago=1), by=dealer_user)

    claim.refresh_from_db()
    assert claim.report_due_at == due
    assert claim_submit(number=claim.number, by=dealer_user).late is True


def test_another_dealer_cannot_see_or_change_the_draft(make_claim, other_dealer_user):
    claim = make_claim(stage="complete")

    with refused("claim_not_found", 404):
        claim_update(number=claim.number, declaration=declaration(), by=other_dealer_user)
    with refused("claim_not_found", 404):
        claim_submit(number=claim.number, by=other_dealer_user)


def test_it_refuses_any_change_after_submission(make_claim, dealer_user):
    claim = make_claim(stage="submitted")

    with refused("claim_not_draft", 409):
        claim_update(number=claim.number, declaration=declaration(), by=dealer_user)
    with refused("claim_not_draft", 409):
        claim_evidence_add(number=claim.number, kind="photo", upload=photo(), by=dealer_user)
    with refused("claim_not_draft", 409):
        claim_submit(number=claim.number, by=dealer_user)


# ---------------------------------------------------------------------------------------
# Submitting.


def test_it_submits_in_time_to_the_commercial_desk(make_claim, dealer_user):
    claim = make_claim(stage="complete", hours_ago=3)
    before = timezone.now()

    submitted = claim_submit(number=claim.number, by=dealer_user)

    claim.refresh_from_db()
    assert submitted.status == claim.status == "under_review"
    assert claim.desk == "commercial" and claim.late is False
    assert claim.submitted_at >= before
    events = list(claim.events.values_list("action", "from_status", "to_status", "by"))
    assert events == [
        ("create", "", "draft", dealer_user.pk),
        ("submit", "draft", "submitted", dealer_user.pk),
        ("route", "submitted", "under_review", None),
    ]


def test_goods_back_from_repair_go_to_the_after_sales_desk(make_claim, dealer_user):
    claim = make_claim(stage="submitted", shipment_kind="repair_return")

    assert (claim.status, claim.desk) == ("under_review", "after_sales")


def test_a_delivery_list_sends_it_to_the_after_sales_desk(make_claim, delivery_list):
    """The delivery list shows the goods came back from repair, whatever the dealer chose."""
    claim = make_claim(stage="submitted", shipment_kind="sales", delivery_list=delivery_list.number)

    assert (claim.status, claim.desk) == ("under_review", "after_sales")


def test_the_settings_can_route_otherwise(make_claim, settings):
    settings.DAMAGE_CLAIM_ROUTES = {"sales": "after_sales", "repair_return": "nowhere"}

    sales = make_claim(stage="submitted")
    repaired = make_claim(stage="submitted", shipment_kind="repair_return")

    assert (sales.desk, repaired.desk) == ("after_sales", "commercial")


def test_it_submits_just_before_the_deadline(clock, make_claim, dealer_user):
    signed = clock(2026, 3, 10, hour=9)
    claim = make_claim(stage="complete", signed_for_at=signed)

    clock(2026, 3, 11, hour=8, minute=59)
    claim = claim_submit(number=claim.number, by=dealer_user)

    assert (claim.status, claim.late) == ("under_review", False)


def test_it_records_a_late_declaration_as_refused(clock, make_claim, dealer_user, commercial):
    signed = clock(2026, 3, 10, hour=9)
    claim = make_claim(stage="complete", signed_for_at=signed)

    clock(2026, 3, 11, hour=9, minute=1)
    late = claim_submit(number=claim.number, by=dealer_user)  # no exception: it is kept

    claim = DamageClaim.objects.get(number=claim.number)
    assert (late.status, late.late) == ("rejected", True)
    assert (claim.status, claim.late, claim.desk) == ("rejected", True, "")
    assert claim.submitted_at == timezone.now()
    event = claim.events.last()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "late", "draft", "rejected", dealer_user,
    )  # fmt: skip
    assert "2026-03-11 09:00" in event.note and "24" in event.note
    assert not claim.events.filter(action__in=["submit", "route"]).exists()


def test_a_submission_25_hours_after_signing_is_late(make_claim, dealer_user):
    claim = make_claim(stage="complete", hours_ago=25)

    claim_submit(number=claim.number, by=dealer_user)

    claim.refresh_from_db()
    assert (claim.status, claim.late) == ("rejected", True)
    due = timezone.localtime(claim.report_due_at).strftime("%Y-%m-%d %H:%M")
    assert due in ClaimEvent.objects.get(claim=claim, action="late").note


def test_a_late_declaration_is_kept_even_without_evidence(make_claim, dealer_user):
    claim = make_claim(hours_ago=25)

    claim_submit(number=claim.number, by=dealer_user)

    claim.refresh_from_db()
    assert (claim.status, claim.late) == ("rejected", True)


def test_it_names_the_missing_evidence(make_claim, dealer_user):
    claim = make_claim()
    claim_evidence_add(number=claim.number, kind="photo", upload=photo(), by=dealer_user)

    with refused("evidence_missing", 422, "evidence") as caught:
        claim_submit(number=claim.number, by=dealer_user)

    message = caught.value.message
    assert "Application form" in message and "Delivery note" in message
    assert "Photo" not in message


def test_it_wants_a_photo_of_the_damage(make_claim, dealer_user):
    claim = make_claim()
    claim_evidence_add(
        number=claim.number, kind="application_form", upload=form_scan(), by=dealer_user
    )
    claim_evidence_add(
        number=claim.number, kind="delivery_note", upload=note_scan(), by=dealer_user
    )

    with refused("evidence_missing", 422, "evidence") as caught:
        claim_submit(number=claim.number, by=dealer_user)

    assert "Photo of the damage" in caught.value.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"courier_name": ""}, "courier_name"),
        ({"courier_work_number": ""}, "courier_name"),
        ({"courier_phone": ""}, "courier_name"),
        ({"courier_labels_intact": None}, "courier_labels_intact"),
        ({"courier_box_intact": None}, "courier_labels_intact"),
        ({"actual_weight_kg": None}, "actual_weight_kg"),
    ],
)
def test_it_wants_the_couriers_note(changes, field, make_claim, dealer_user):
    """Seed 003 VI.3: the courier notes labels, box and weight, and signs name, number, phone."""
    claim = make_claim(stage="complete", **changes)

    with refused("invalid_input", 422, field):
        claim_submit(number=claim.number, by=dealer_user)


def test_a_colleague_at_the_same_dealer_may_submit(make_claim, make_user, rms_dealer):
    claim = make_claim(stage="complete")
    colleague = make_user("dealer", username="dealer-2")

    assert claim_submit(number=claim.number, by=colleague).status == "under_review"
