"""Claims on units: a second customer's claim is flagged, reviewed genuine or fraudulent."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sanbao.catalog.claims import unit_claim_record, unit_claim_review
from sanbao.catalog.models import ProductModel, Unit, UnitClaim
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(brand):
    model = ProductModel.objects.create(
        brand=brand, sku="TOP-PB10", name_en="Bank 10", name_zh="移动电源10",
        category="power_bank", capacity_mah=10000,
    )  # fmt: skip
    return Unit.objects.create(
        brand=brand, serial="TOP0001", model=model, produced_on=date(2025, 3, 1)
    )


@pytest.fixture
def alice(db):
    return Customer.objects.create(name="张三", phone="+8613800138000")


@pytest.fixture
def bob(db):
    return Customer.objects.create(name="李四", phone="+8613800138001")


@pytest.fixture
def carol(db):
    return Customer.objects.create(name="王五", phone="+8613800138002")


@pytest.fixture
def flagged(unit, alice, bob):
    unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    return unit_claim_record(unit=unit, customer=bob, reference="CARD-2")


# unit_claim_record


def test_it_does_not_flag_a_first_claim(unit, alice):
    claim = unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    assert claim.duplicate_of is None
    assert claim.review == ""
    assert not claim.is_flagged
    assert claim.claimed_at is not None


def test_it_flags_a_claim_by_another_customer(unit, alice, bob):
    first = unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    second = unit_claim_record(unit=unit, customer=bob, reference="CARD-2")
    assert second.duplicate_of == first
    assert second.review == UnitClaim.Review.PENDING
    assert second.is_flagged


def test_it_does_not_flag_the_same_customer_claiming_again(unit, alice):
    unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    again = unit_claim_record(unit=unit, customer=alice, reference="CARD-1b")
    assert again.duplicate_of is None
    assert again.review == ""


def test_it_points_a_flag_at_the_earliest_other_claim(unit, alice, bob, carol):
    first = unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    unit_claim_record(unit=unit, customer=bob, reference="CARD-2")
    third = unit_claim_record(unit=unit, customer=carol, reference="CARD-3")
    assert third.duplicate_of == first


def test_it_keeps_claims_on_other_units_apart(unit, alice, bob):
    other = Unit.objects.create(
        brand=unit.brand, serial="TOP0002", model=unit.model, produced_on=unit.produced_on
    )
    unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    claim = unit_claim_record(unit=other, customer=bob, reference="CARD-2")
    assert claim.duplicate_of is None


def test_it_cuts_a_long_reference(unit, alice):
    claim = unit_claim_record(unit=unit, customer=alice, reference="R" * 60)
    assert claim.reference == "R" * 40


def test_it_flags_the_previous_owner_after_a_genuine_review(unit, alice, bob, make_user):
    # Bob's claim was found genuine (Alice sold the unit on): Bob is the owner now.
    unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    sold_on = unit_claim_record(unit=unit, customer=bob, reference="CARD-2")
    unit_claim_review(
        claim=sold_on, outcome="genuine", note="", by=make_user("service_commissioner")
    )
    later = unit_claim_record(unit=unit, customer=alice, reference="CARD-1b")
    assert later.duplicate_of == sold_on
    assert later.review == UnitClaim.Review.PENDING


def test_it_compares_with_the_genuine_claim_not_the_first(unit, alice, bob, carol, make_user):
    unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    sold_on = unit_claim_record(unit=unit, customer=bob, reference="CARD-2")
    unit_claim_review(
        claim=sold_on, outcome="genuine", note="", by=make_user("service_commissioner")
    )
    third = unit_claim_record(unit=unit, customer=carol, reference="CARD-3")
    assert third.duplicate_of == sold_on


def test_it_still_flags_claims_after_a_fraud_review(unit, alice, bob, make_user):
    first = unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    second = unit_claim_record(unit=unit, customer=bob, reference="CARD-2")
    unit_claim_review(
        claim=second, outcome="fraud", note="Fake card.", by=make_user("service_commissioner")
    )
    again = unit_claim_record(unit=unit, customer=bob, reference="CARD-2b")
    assert again.duplicate_of == first
    assert again.review == UnitClaim.Review.PENDING


def test_it_does_not_flag_the_new_owner_after_a_genuine_review(unit, alice, bob, make_user):
    unit_claim_record(unit=unit, customer=alice, reference="CARD-1")
    sold_on = unit_claim_record(unit=unit, customer=bob, reference="CARD-2")
    unit_claim_review(
        claim=sold_on, outcome="genuine", note="Bought second-hand with receipt.",
        by=make_user("service_commissioner"),
    )  # fmt: skip
    later = unit_claim_record(unit=unit, customer=bob, reference="CARD-2b")
    assert later.duplicate_of is None
    assert later.review == ""


# unit_claim_review


@pytest.mark.parametrize("outcome", ["genuine", "fraud"])
def test_it_records_a_review(flagged, make_user, outcome):
    reviewer = make_user("service_commissioner")
    claim = unit_claim_review(
        claim=flagged, outcome=outcome, note="  Checked receipt.  ", by=reviewer
    )
    claim.refresh_from_db()
    assert claim.review == outcome
    assert claim.review_note == "Checked receipt."
    assert claim.reviewed_by == reviewer
    assert claim.reviewed_at is not None


def test_it_needs_a_note_to_call_a_claim_fraudulent(flagged, make_user):
    with pytest.raises(DomainError) as raised:
        unit_claim_review(
            claim=flagged, outcome="fraud", note="   ", by=make_user("service_commissioner")
        )
    assert (raised.value.status, raised.value.code) == (422, "invalid_input")
    assert "note" in raised.value.fields
    flagged.refresh_from_db()
    assert flagged.review == UnitClaim.Review.PENDING


def test_it_refuses_an_unknown_outcome(flagged, make_user):
    with pytest.raises(DomainError) as raised:
        unit_claim_review(
            claim=flagged, outcome="pending", note="x", by=make_user("service_commissioner")
        )
    assert (raised.value.status, raised.value.code) == (422, "invalid_input")
    assert "outcome" in raised.value.fields


def test_it_reviews_only_a_pending_claim(unit, alice, flagged, make_user):
    reviewer = make_user("service_commissioner")
    unit_claim_review(claim=flagged, outcome="genuine", note="", by=reviewer)
    with pytest.raises(DomainError) as raised:
        unit_claim_review(claim=flagged, outcome="fraud", note="Changed my mind.", by=reviewer)
    assert (raised.value.status, raised.value.code) == (409, "not_pending")
    flagged.refresh_from_db()
    assert flagged.review == UnitClaim.Review.GENUINE
    unflagged = UnitClaim.objects.get(customer=alice)
    with pytest.raises(DomainError) as raised:
        unit_claim_review(claim=unflagged, outcome="genuine", note="", by=reviewer)
    assert raised.value.status == 409


# The review page action


@pytest.mark.parametrize("role", ["service_commissioner", "manager"])
def test_it_lets_reviewers_record_a_review(client_as, make_user, flagged, role):
    user = make_user(role)
    response = client_as(user).post(
        reverse("catalog:claim_review", args=[flagged.pk]),
        {"outcome": "fraud", "note": "Card belongs to another unit."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:object_detail:unit-claims", args=[flagged.pk])
    flagged.refresh_from_db()
    assert flagged.review == UnitClaim.Review.FRAUD
    assert flagged.reviewed_by == user
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["The review is recorded."]


@pytest.mark.parametrize("role", ["front_desk", "technician", "auditor", "dealer"])
def test_it_keeps_other_roles_from_reviewing(client_as, make_user, flagged, role):
    response = client_as(make_user(role)).post(
        reverse("catalog:claim_review", args=[flagged.pk]), {"outcome": "genuine", "note": ""}
    )
    assert response.status_code == 403
    flagged.refresh_from_db()
    assert flagged.review == UnitClaim.Review.PENDING


def test_it_reports_a_fraud_review_without_a_note(client_as, make_user, flagged):
    response = client_as(make_user("service_commissioner")).post(
        reverse("catalog:claim_review", args=[flagged.pk]), {"outcome": "fraud", "note": ""}
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.review == UnitClaim.Review.PENDING
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Say why the claim is fraudulent."]


def test_it_reports_a_missing_outcome(client_as, make_user, flagged):
    response = client_as(make_user("service_commissioner")).post(
        reverse("catalog:claim_review", args=[flagged.pk]), {"outcome": "maybe"}
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.review == UnitClaim.Review.PENDING
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Choose genuine or fraudulent."]


def test_it_hides_claims_on_units_of_brands_the_reviewer_does_not_serve(
    client_as, make_user, other_brand, alice, bob
):
    model = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="Bank", name_zh="移动电源",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    unit = Unit.objects.create(
        brand=other_brand, serial="RMS0001", model=model, produced_on=date(2025, 3, 1)
    )
    unit_claim_record(unit=unit, customer=alice, reference="R-1")
    claim = unit_claim_record(unit=unit, customer=bob, reference="R-2")
    # A service commissioner at the Guangzhou outlet serves TOP only.
    response = client_as(make_user("service_commissioner")).post(
        reverse("catalog:claim_review", args=[claim.pk]), {"outcome": "genuine", "note": ""}
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.review == UnitClaim.Review.PENDING


def test_it_shows_the_review_form_only_on_a_pending_claim(client_as, make_user, flagged):
    client = client_as(make_user("service_commissioner"))
    action = reverse("catalog:claim_review", args=[flagged.pk])
    page = client.get(reverse("web:object_detail:unit-claims", args=[flagged.pk]))
    assert page.status_code == 200
    assert action in page.content.decode()
    client.post(action, {"outcome": "genuine", "note": ""})
    page = client.get(reverse("web:object_detail:unit-claims", args=[flagged.pk]))
    assert action not in page.content.decode()
