"""Submitting the packing list (seed 003 IV.2, IV.B5, IV.B6) and handing it to the courier."""

import pytest
from django.utils import timezone

from sanbao.returns.building import batch_units_add
from sanbao.returns.submission import (
    ROWS_PER_PAGE,
    batch_dispatch,
    batch_submit,
    repair_list_pages,
)
from tests.returns.conftest import refused, rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("counts", "pages"),
    [
        ({}, 0),
        ({"power_bank": 0}, 0),
        ({"power_bank": 1}, 1),
        ({"power_bank": ROWS_PER_PAGE}, 1),
        ({"power_bank": ROWS_PER_PAGE + 1}, 2),
        ({"power_bank": 1, "adapter": 1}, 2),  # every category starts a page
        ({"power_bank": 45, "adapter": 22, "cable": 0}, 4),
    ],
)
def test_it_counts_the_pages_of_the_repair_list(counts, pages):
    assert repair_list_pages(counts) == pages


def test_it_submits_the_packing_list(make_batch, dealer_user):
    batch = make_batch(units=23, boxes=2)
    batch_units_add(number=batch.number, rows=rows(2, sku="RMS-AC20"), by=dealer_user)
    before = timezone.now()

    event = batch_submit(number=batch.number, by=dealer_user)

    batch.refresh_from_db()
    assert batch.status == "submitted"
    assert batch.submitted_at >= before
    assert batch.repair_list_pages == 3  # 23 banks on two pages, 2 adapters on a third
    assert batch.shipper_bears_costs is False
    assert (event.action, event.from_status, event.to_status, event.by, event.note) == (
        "submit", "draft", "submitted", dealer_user, "",
    )  # fmt: skip


def test_it_puts_the_costs_on_the_shipper_without_home_delivery(make_batch, dealer_user):
    batch = make_batch(units=2, home_delivery=False)

    event = batch_submit(number=batch.number, by=dealer_user)

    batch.refresh_from_db()
    assert batch.shipper_bears_costs is True
    assert "ROMOSS-IV.B6" in event.note


def test_it_lets_factory_staff_submit_for_the_dealer(make_batch, warehouse):
    batch = make_batch(units=1)

    batch_submit(number=batch.number, by=warehouse)

    batch.refresh_from_db()
    assert batch.status == "submitted"


def test_it_refuses_cash_on_delivery(make_batch, dealer_user):
    batch = make_batch(units=2, payment="cod")

    with refused("cod_refused", 422, field="payment") as caught:
        batch_submit(number=batch.number, by=dealer_user)

    assert "ROMOSS-IV.B5" in caught.value.message
    batch.refresh_from_db()
    assert (batch.status, batch.submitted_at, batch.repair_list_pages) == ("draft", None, 0)


def test_it_refuses_a_batch_without_units(make_batch, dealer_user):
    batch = make_batch(units=1)
    batch.units.all().delete()

    with refused("invalid_input", 422, field="units"):
        batch_submit(number=batch.number, by=dealer_user)


def test_it_refuses_more_boxes_than_units(make_batch, dealer_user):
    batch = make_batch(units=2, boxes=3)

    with refused("invalid_input", 422, field="boxes") as caught:
        batch_submit(number=batch.number, by=dealer_user)

    assert "3" in caught.value.message


def test_it_takes_one_unit_per_box(make_batch, dealer_user):
    batch = make_batch(units=2, boxes=2)

    batch_submit(number=batch.number, by=dealer_user)

    batch.refresh_from_db()
    assert batch.status == "submitted"


def test_it_wants_the_courier_named(make_batch, dealer_user):
    batch = make_batch(units=1, courier="  ")

    with refused("invalid_input", 422, field="courier"):
        batch_submit(number=batch.number, by=dealer_user)


def test_it_submits_once(make_batch, dealer_user):
    batch = make_batch(units=1, stage="submitted")

    with refused("illegal_transition", 409):
        batch_submit(number=batch.number, by=dealer_user)


def test_it_refuses_submission_by_staff_who_may_not_prepare(make_batch, inspector):
    batch = make_batch(units=1)

    with refused("forbidden", 403):
        batch_submit(number=batch.number, by=inspector)


def test_it_hides_the_batch_from_another_dealer(make_batch, other_dealer_user, top_warehouse):
    batch = make_batch(units=1)

    for outsider in (other_dealer_user, top_warehouse):
        with refused("batch_not_found", 404):
            batch_submit(number=batch.number, by=outsider)


# --- dispatch ------------------------------------------------------------------------


def test_it_records_the_hand_over_to_the_courier(make_batch, dealer_user):
    batch = make_batch(units=1, stage="submitted")

    event = batch_dispatch(number=batch.number, tracking_number="  SF1234567890 ", by=dealer_user)

    batch.refresh_from_db()
    assert (batch.status, batch.tracking_number, batch.courier) == (
        "in_transit", "SF1234567890", "顺丰速运",
    )  # fmt: skip
    assert batch.dispatched_at is not None
    assert (event.action, event.from_status, event.to_status) == (
        "dispatch", "submitted", "in_transit",
    )  # fmt: skip


def test_it_takes_another_courier_at_dispatch(make_batch, warehouse):
    batch = make_batch(units=1, stage="submitted")

    batch_dispatch(number=batch.number, tracking_number="YT98765", courier=" 圆通 ", by=warehouse)

    batch.refresh_from_db()
    assert (batch.courier, batch.tracking_number) == ("圆通", "YT98765")


def test_it_wants_the_tracking_number(make_batch, dealer_user):
    batch = make_batch(units=1, stage="submitted")

    with refused("invalid_input", 422, field="tracking_number"):
        batch_dispatch(number=batch.number, tracking_number="   ", by=dealer_user)


@pytest.mark.parametrize("stage", ["draft", "in_transit", "received"])
def test_it_dispatches_a_submitted_batch_only(make_batch, dealer_user, stage):
    batch = make_batch(units=1, stage=stage)

    with refused("illegal_transition", 409):
        batch_dispatch(number=batch.number, tracking_number="SF1", by=dealer_user)


def test_it_hides_the_batch_from_another_dealer_at_dispatch(make_batch, other_dealer_user):
    batch = make_batch(units=1, stage="submitted")

    with refused("batch_not_found", 404):
        batch_dispatch(number=batch.number, tracking_number="SF1", by=other_dealer_user)
