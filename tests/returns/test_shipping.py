"""Backorders filled, goods shipped back with delivery lists (seed 003 IV.5 to IV.8), closing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sanbao.catalog.models import PartStock, Unit
from sanbao.feedback.answers import survey_answer
from sanbao.feedback.models import FollowUp, SurveyInvitation
from sanbao.notify.models import OutboxMessage
from sanbao.policy.calendar import add_months
from sanbao.returns.building import batch_create, batch_units_add
from sanbao.returns.inspection import unit_inspect
from sanbao.returns.models import DeliveryShipment, ReturnBatch, ReturnUnit
from sanbao.returns.receiving import Receipt, batch_receive
from sanbao.returns.shipping import backorders_fill, batch_close, batch_ship
from sanbao.returns.submission import batch_dispatch, batch_submit
from sanbao.service.parts import PartLine
from tests.feedback.conftest import survey_for, survey_token
from tests.returns.conftest import header, inspection, refused, registered

pytestmark = pytest.mark.django_db


def bank_row(serial="", purchased=None):
    values = {"model": "RMS-PB10K", "serial": serial, "fault": "不充电", "accessories": "数据线"}
    if purchased is not None:
        values["purchase_date"] = purchased.isoformat()
    return values


def recently():
    return timezone.localdate() - timedelta(days=60)


def inspect(batch, user, line, **changes):
    unit_inspect(number=batch.number, line=line, inspection=inspection(**changes), by=user)


def ship(batch, user, tracking="SF9990001"):
    return batch_ship(
        number=batch.number, courier="顺丰速运", tracking_number=tracking, by=user, note=" 两箱 "
    )


def fresh(batch):
    return ReturnBatch.objects.get(pk=batch.pk)


def units(batch):
    return {
        u.line: (u.state, u.shipment.number if u.shipment else None)
        for u in ReturnUnit.objects.filter(batch=batch).select_related("shipment")
    }


@pytest.fixture
def all_ready(make_batch, warehouse):
    """Two units inspected and ready: the batch is ready to ship."""
    batch = make_batch(units=2, stage="received")
    for line in (1, 2):
        inspect(batch, warehouse, line, outcome="return_as_is")
    return fresh(batch)


@pytest.fixture
def one_waiting(batch_of, warehouse, factory_stock):
    """Two banks in warranty: line 1 waits for four boards (three on the shelf), 2 is ready."""

    def make():
        batch = batch_of([bank_row(purchased=recently()), bank_row(purchased=recently())])
        inspect(batch, warehouse, 1, parts=[PartLine("RMS-P-USBC", 4)])
        inspect(batch, warehouse, 2)  # repaired without parts
        return fresh(batch)

    return make


def stock_arrives(part, on_hand=10):
    PartStock.objects.filter(part=part).update(on_hand=on_hand)


# --- shipping everything -----------------------------------------------------------


def test_it_ships_a_batch_back_with_a_delivery_list(all_ready, warehouse, rms_dealer):
    before = timezone.now()

    shipment = ship(all_ready, warehouse)

    number = all_ready.number
    assert shipment.number == f"{number}-D1"
    assert (shipment.batch, shipment.brand, shipment.dealer, shipment.by) == (
        all_ready, all_ready.brand, rms_dealer, warehouse,
    )  # fmt: skip
    assert (shipment.courier, shipment.tracking_number, shipment.note) == (
        "顺丰速运", "SF9990001", "两箱",
    )  # fmt: skip
    assert shipment.on_time is True
    assert units(all_ready) == {1: ("shipped", shipment.number), 2: ("shipped", shipment.number)}
    batch = fresh(all_ready)
    assert batch.status == "shipped"
    assert batch.first_shipped_at == shipment.shipped_at >= before
    assert batch.shipped_on_time is True
    assert batch.delivery_data_until == add_months(timezone.localdate(), 6)
    event = batch.events.get(action="ship")
    assert (event.from_status, event.to_status) == ("ready_to_ship", "shipped")
    assert event.note == f"Delivery list {shipment.number}, 顺丰速运 SF9990001"
    message = OutboxMessage.objects.get(topic=f"return-shipment:{shipment.number}")
    assert message.dealer == rms_dealer
    assert "2 unit(s) sent back by 顺丰速运, tracking number SF9990001" in message.body


def test_it_keeps_the_data_for_half_a_year(make_batch, warehouse, clock):
    clock(2026, 8, 31)
    batch = make_batch(units=1, stage="received")
    inspect(batch, warehouse, 1, outcome="return_as_is")

    ship(batch, warehouse)

    batch = fresh(batch)
    assert (batch.repair_data_until, batch.delivery_data_until) == (
        date(2027, 2, 28), date(2027, 2, 28),
    )  # fmt: skip


def test_it_is_late_after_the_return_cycle(all_ready, warehouse):
    ReturnBatch.objects.filter(pk=all_ready.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )

    shipment = ship(all_ready, warehouse)

    assert shipment.on_time is False
    assert fresh(all_ready).shipped_on_time is False


def test_it_is_on_time_on_the_due_day(all_ready, warehouse):
    ReturnBatch.objects.filter(pk=all_ready.pk).update(due_on=timezone.localdate())

    assert ship(all_ready, warehouse).on_time is True


def test_it_never_ships_a_scrapped_hazard(make_batch, warehouse):
    batch = make_batch(units=2, stage="received")
    inspect(batch, warehouse, 1, fault_code="swelling", outcome="scrap")
    inspect(batch, warehouse, 2, outcome="return_as_is")

    shipment = ship(batch, warehouse)

    assert units(batch) == {1: ("scrapped", None), 2: ("shipped", shipment.number)}
    assert fresh(batch).status == "shipped"


# --- in part, then the rest -------------------------------------------------------


def test_it_ships_what_is_ready_and_the_backorder_later(one_waiting, warehouse, factory_stock):
    batch = one_waiting()

    first = ship(batch, warehouse)

    assert units(batch) == {1: ("backordered", None), 2: ("shipped", first.number)}
    after_first = fresh(batch)
    assert after_first.status == "part_shipped"
    assert after_first.shipped_on_time is True

    assert backorders_fill(number=batch.number, by=warehouse) == 0  # still short
    assert fresh(batch).units.get(line=1).state == "backordered"
    assert PartStock.objects.get(part=factory_stock).on_hand == 3

    stock_arrives(factory_stock, on_hand=5)
    assert backorders_fill(number=batch.number, by=warehouse) == 1
    filled = ReturnUnit.objects.get(batch=batch, line=1)
    assert (filled.state, filled.backorder_reason) == ("ready", "")
    assert [(p["code"], p["quantity"]) for p in filled.parts] == [("RMS-P-USBC", 4)]
    assert PartStock.objects.get(part=factory_stock).on_hand == 1
    fill_event = batch.events.filter(action="fill").last()
    assert fill_event.note == "Filled from stock: lines 1"
    assert fill_event.to_status == "part_shipped"

    ReturnBatch.objects.filter(pk=batch.pk).update(due_on=timezone.localdate() - timedelta(1))
    second = ship(batch, warehouse, tracking="SF9990002")

    assert second.number == f"{batch.number}-D2"
    assert second.on_time is False
    assert units(batch) == {1: ("shipped", second.number), 2: ("shipped", first.number)}
    done = fresh(batch)
    assert done.status == "shipped"
    assert (done.first_shipped_at, done.shipped_on_time) == (first.shipped_at, True)


def test_it_fills_a_backorder_before_the_first_shipment(one_waiting, warehouse, factory_stock):
    batch = one_waiting()
    stock_arrives(factory_stock)

    assert backorders_fill(number=batch.number, by=warehouse) == 1

    shipment = ship(batch, warehouse)
    assert units(batch) == {1: ("shipped", shipment.number), 2: ("shipped", shipment.number)}
    assert fresh(batch).status == "shipped"


def test_it_ships_nothing_while_everything_waits(batch_of, warehouse, factory_stock):
    batch = batch_of([bank_row(purchased=recently())])
    inspect(batch, warehouse, 1, parts=[PartLine("RMS-P-USBC", 4)])
    assert fresh(batch).status == "ready_to_ship"

    with refused("nothing_ready", 409):
        ship(batch, warehouse)


def test_it_says_when_nothing_waits(all_ready, warehouse):
    with refused("no_backorders", 409):
        backorders_fill(number=all_ready.number, by=warehouse)


def test_it_keeps_the_dealer_from_filling_backorders(one_waiting, dealer_user, factory_stock):
    batch = one_waiting()
    stock_arrives(factory_stock)

    with refused("forbidden", 403):
        backorders_fill(number=batch.number, by=dealer_user)
    assert PartStock.objects.get(part=factory_stock).on_hand == 10


def test_it_fills_a_replacement_once_a_product_arrives(batch_of, warehouse, rms_models, rms_dealer):
    returned = registered("RMSREG0001", rms_models["bank"], dealer=rms_dealer, sold_on=recently())
    batch = batch_of([bank_row("RMSREG0001")])
    inspect(batch, warehouse, 1, outcome="replace")
    assert ReturnUnit.objects.get(batch=batch).backorder_reason == "a replacement RMS-PB10K"
    registered("RMSNEW0001", rms_models["bank"], status="produced")

    assert backorders_fill(number=batch.number, by=warehouse) == 1

    unit = ReturnUnit.objects.select_related("replacement").get(batch=batch)
    assert (unit.state, unit.replacement.serial) == ("ready", "RMSNEW0001")
    assert (unit.replacement.status, unit.replacement.dealer, unit.replacement.replaces) == (
        "shipped", rms_dealer, returned,
    )  # fmt: skip


def test_it_marks_the_returned_unit_replaced_when_the_backorder_fills(
    batch_of, warehouse, rms_models, rms_dealer
):
    returned = registered("RMSREG0001", rms_models["bank"], dealer=rms_dealer, sold_on=recently())
    batch = batch_of([bank_row("RMSREG0001")])
    inspect(batch, warehouse, 1, outcome="replace")
    registered("RMSNEW0001", rms_models["bank"], status="produced")

    backorders_fill(number=batch.number, by=warehouse)

    returned.refresh_from_db()
    assert returned.status == "replaced"


# --- one dealer's batches travel together ---------------------------------------------


def test_the_next_shipment_carries_the_dealers_filled_backorders(
    one_waiting, make_batch, warehouse, factory_stock
):
    first = one_waiting()
    ship(first, warehouse)
    stock_arrives(factory_stock)
    backorders_fill(number=first.number, by=warehouse)
    second = make_batch(units=1, stage="received")
    inspect(second, warehouse, 1, outcome="return_as_is")

    shipment = ship(second, warehouse, tracking="SF9990003")

    assert shipment.number == f"{second.number}-D1"
    assert set(shipment.units.values_list("batch__number", "line")) == {
        (first.number, 1), (second.number, 1),
    }  # fmt: skip
    assert (fresh(first).status, fresh(second).status) == ("shipped", "shipped")
    assert fresh(first).first_shipped_at < shipment.shipped_at
    note = fresh(first).events.filter(action="ship").last().note
    assert shipment.number in note
    assert DeliveryShipment.objects.filter(batch=first).count() == 1


def test_it_carries_no_other_dealers_backorders(
    one_waiting, make_batch, warehouse, factory_stock, other_dealer, other_brand
):
    first = one_waiting()  # the shared dealer's
    ship(first, warehouse)
    stock_arrives(factory_stock)
    backorders_fill(number=first.number, by=warehouse)
    theirs = batch_create(brand=other_brand, header=header(), by=warehouse, dealer=other_dealer)
    batch_units_add(number=theirs.number, rows=[bank_row()], by=warehouse)
    batch_submit(number=theirs.number, by=warehouse)
    batch_dispatch(number=theirs.number, tracking_number="ZTO1", by=warehouse)
    batch_receive(number=theirs.number, receipt=Receipt(1, counted_lines=[1]), by=warehouse)
    inspect(theirs, warehouse, 1, outcome="return_as_is")

    shipment = ship(theirs, warehouse)

    assert list(shipment.units.values_list("batch__number", flat=True)) == [theirs.number]
    assert fresh(first).status == "part_shipped"
    assert units(first)[1] == ("ready", None)


def test_it_carries_units_of_part_shipped_batches_only(make_batch, warehouse):
    waiting = make_batch(units=1, stage="received")
    inspect(waiting, warehouse, 1, outcome="return_as_is")  # ready to ship, not yet shipped
    other = make_batch(units=1, stage="received")
    inspect(other, warehouse, 1, outcome="return_as_is")

    shipment = ship(other, warehouse)

    assert shipment.units.count() == 1
    assert fresh(waiting).status == "ready_to_ship"


# --- who may ship, and when ---------------------------------------------------------


def test_it_keeps_the_dealer_from_shipping(all_ready, dealer_user, other_dealer_user):
    with refused("forbidden", 403):
        ship(all_ready, dealer_user)
    with refused("batch_not_found", 404):
        ship(all_ready, other_dealer_user)


@pytest.mark.parametrize("stage", ["submitted", "received"])
def test_it_ships_nothing_before_inspection(make_batch, warehouse, stage):
    batch = make_batch(units=1, stage=stage)

    with refused("illegal_transition", 409):
        ship(batch, warehouse)


def test_it_ships_a_shipped_batch_no_more(all_ready, warehouse):
    ship(all_ready, warehouse)

    with refused("illegal_transition", 409):
        ship(all_ready, warehouse, tracking="SF2")


@pytest.mark.parametrize(("courier", "tracking", "field"), [
    (" ", "SF1", "courier"),
    ("顺丰速运", "  ", "tracking_number"),
])  # fmt: skip
def test_it_wants_courier_and_tracking_number(all_ready, warehouse, courier, tracking, field):
    with refused("invalid_input", 422, field=field):
        batch_ship(number=all_ready.number, courier=courier, tracking_number=tracking,
                   by=warehouse)  # fmt: skip


# --- closing ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["dealer_user", "warehouse"])
def test_it_closes_a_shipped_batch(request, all_ready, warehouse, who):
    ship(all_ready, warehouse)
    user = request.getfixturevalue(who)

    event = batch_close(number=all_ready.number, by=user, note="已收货")

    batch = fresh(all_ready)
    assert batch.status == "closed"
    assert batch.closed_at is not None
    assert (event.action, event.from_status, event.to_status, event.note, event.by) == (
        "close", "shipped", "closed", "已收货", user,
    )  # fmt: skip


def test_it_asks_the_dealer_how_the_return_went_when_the_batch_closes(
    all_ready, warehouse, dealer_user, other_brand, hq, make_user, client_as
):
    survey = survey_for(other_brand, audience="dealer")
    survey_for(other_brand)  # the customers' survey is not the dealer's
    manager = make_user("manager", username="manager-hq", outlet=hq, email="hq@rms.example")
    ship(all_ready, warehouse)

    batch_close(number=all_ready.number, by=dealer_user)

    invitation = SurveyInvitation.objects.get()
    assert (invitation.survey, invitation.batch, invitation.order) == (survey, all_ready, None)
    assert (invitation.brand, invitation.dealer, invitation.outlet) == (
        other_brand, all_ready.dealer, None,
    )  # fmt: skip
    assert (invitation.model, invitation.customer, invitation.language) == (None, None, "zh-hans")
    topic = f"return-batch:{all_ready.number}:survey"
    message = OutboxMessage.objects.get(topic=topic)
    assert (message.dealer, message.language) == (all_ready.dealer, "zh-hans")
    # A low score is followed up at headquarters, which did the work.
    survey_answer(token=survey_token(topic), csat=2, nps=6, fixed_first_visit=False, comment="")
    follow_up = FollowUp.objects.get()
    assert (follow_up.outlet, follow_up.response.dealer) == (hq, all_ready.dealer)
    assert OutboxMessage.objects.get(topic=f"follow-up:{follow_up.pk}").user == manager
    page = client_as(manager).get(reverse("web:object_detail:follow-ups", args=[follow_up.pk]))
    assert all_ready.number in page.content.decode()
    assert all_ready.dealer.contact_person in page.content.decode()


def test_it_asks_no_dealer_when_the_brand_has_no_dealer_survey(all_ready, warehouse, dealer_user):
    ship(all_ready, warehouse)
    batch_close(number=all_ready.number, by=dealer_user)

    assert fresh(all_ready).status == "closed"
    assert not SurveyInvitation.objects.exists()
    assert not OutboxMessage.objects.filter(topic__endswith=":survey").exists()


def test_it_keeps_a_part_shipped_batch_open(one_waiting, warehouse, dealer_user):
    batch = one_waiting()
    ship(batch, warehouse)

    with refused("illegal_transition", 409):
        batch_close(number=batch.number, by=dealer_user)


def test_it_lets_only_the_dealer_and_the_warehouse_close(
    all_ready, warehouse, inspector, other_dealer_user
):
    ship(all_ready, warehouse)

    with refused("forbidden", 403):
        batch_close(number=all_ready.number, by=inspector)
    with refused("batch_not_found", 404):
        batch_close(number=all_ready.number, by=other_dealer_user)
    assert Unit.objects.count() == 0
