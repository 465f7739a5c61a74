"""Receiving: units counted in, the receipt's discrepancies, the dealer told, the cycle due."""

from datetime import date

import pytest
from django.utils import timezone

from sanbao.notify.models import ContactLogEntry, OutboxMessage
from sanbao.returns.models import ReturnUnit
from sanbao.returns.receiving import (
    ExtraUnit,
    Receipt,
    batch_contact_record,
    batch_receive,
    unit_count,
)
from sanbao.warranty.models import WorkingCalendarOverride
from sanbao.warranty.selectors import CALENDAR_MEMO, working_calendar
from tests.returns.conftest import refused

pytestmark = pytest.mark.django_db


def serial_rows(*serials, sku="RMS-PB10K"):
    return [
        {"model": sku, "serial": s, "fault": "不充电", "accessories": "数据线"} for s in serials
    ]


@pytest.fixture
def on_its_way(batch_of):
    """Three banks with serials, handed to the courier."""
    return batch_of(serial_rows("RMS000001", "RMS000002", "RMS000003"), stage="in_transit")


def label(batch, line):
    return f"http://x/returns/{batch.number}/u/{line}/"


def states(batch):
    return dict(batch.units.values_list("line", "state"))


# --- counting ------------------------------------------------------------------------


def test_it_counts_a_unit_by_its_scanned_label(on_its_way, warehouse):
    before = timezone.now()

    unit = unit_count(number=on_its_way.number, code=label(on_its_way, 2), by=warehouse)

    assert unit.line == 2
    unit.refresh_from_db()
    assert unit.state == "counted"
    assert unit.counted_at >= before
    assert states(on_its_way) == {1: "declared", 2: "counted", 3: "declared"}


def test_it_reads_a_label_without_its_last_slash_or_in_lower_case(on_its_way, warehouse):
    code = f"https://sanbao.example/returns/{on_its_way.number.lower()}/u/3"

    assert unit_count(number=on_its_way.number, code=code, by=warehouse).line == 3


def test_it_counts_a_unit_by_its_line(on_its_way, warehouse):
    assert unit_count(number=on_its_way.number, code=" 1 ", by=warehouse).line == 1
    assert states(on_its_way)[1] == "counted"


def test_it_counts_a_unit_by_its_serial_as_typed(on_its_way, warehouse):
    assert unit_count(number=on_its_way.number, code="rms-000-003", by=warehouse).line == 3


def test_it_counts_a_submitted_batch_not_yet_dispatched(batch_of, warehouse):
    batch = batch_of(serial_rows("RMS000001"), stage="submitted")

    assert unit_count(number=batch.number, code="1", by=warehouse).state == "counted"


def test_it_counts_a_unit_once(on_its_way, warehouse):
    unit_count(number=on_its_way.number, code=label(on_its_way, 1), by=warehouse)

    for code in (label(on_its_way, 1), "1", "RMS000001"):
        with refused("already_counted", 409) as caught:
            unit_count(number=on_its_way.number, code=code, by=warehouse)
        assert "1" in caught.value.message


def test_it_refuses_the_label_of_another_batch(on_its_way, batch_of, warehouse):
    other = batch_of(serial_rows("RMS000009"), stage="in_transit")

    with refused("invalid_input", 422, field="code") as caught:
        unit_count(number=on_its_way.number, code=label(other, 1), by=warehouse)

    assert other.number in caught.value.message


@pytest.mark.parametrize("code", ["9", "RMS000404", "??", ""])
def test_it_says_when_no_unit_matches(on_its_way, warehouse, code):
    with refused("invalid_input", 422, field="code"):
        unit_count(number=on_its_way.number, code=code, by=warehouse)


def test_it_counts_a_six_digit_serial_by_its_serial(batch_of, warehouse):
    batch = batch_of(serial_rows("RMS000001", "123456"), stage="in_transit")

    assert unit_count(number=batch.number, code="123456", by=warehouse).line == 2


def test_it_keeps_dealers_and_inspectors_from_counting(on_its_way, dealer_user, inspector):
    for user in (dealer_user, inspector):
        with refused("forbidden", 403):
            unit_count(number=on_its_way.number, code="1", by=user)


def test_it_hides_the_batch_from_another_dealer_and_other_brands_staff(
    on_its_way, other_dealer_user, top_warehouse
):
    for user in (other_dealer_user, top_warehouse):
        with refused("batch_not_found", 404):
            unit_count(number=on_its_way.number, code="1", by=user)


@pytest.mark.parametrize("stage", ["draft", "received"])
def test_it_counts_only_while_the_batch_is_expected(batch_of, warehouse, stage):
    batch = batch_of(serial_rows("RMS000001", "RMS000002"), stage=stage)
    if stage == "received":
        batch.units.filter(line=2).update(state="declared")

    with refused("not_counting", 409):
        unit_count(number=batch.number, code="2", by=warehouse)


# --- the receipt ---------------------------------------------------------------------


def test_it_receives_a_batch_that_matches_its_packing_list(on_its_way, warehouse, rms_dealer):
    unit_count(number=on_its_way.number, code=label(on_its_way, 1), by=warehouse)
    before = timezone.now()

    event = batch_receive(
        number=on_its_way.number, by=warehouse,
        receipt=Receipt(boxes_received=1, counted_lines=[2, 3], note="  箱子完好 "),
    )  # fmt: skip

    on_its_way.refresh_from_db()
    assert on_its_way.status == "received"
    assert on_its_way.received_at >= before
    assert (on_its_way.boxes_received, on_its_way.discrepancies) == (1, [])
    assert on_its_way.due_on == working_calendar().add_working_days(timezone.localdate(), 3)
    assert states(on_its_way) == {1: "counted", 2: "counted", 3: "counted"}
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "receive", "in_transit", "received", "箱子完好",
    )  # fmt: skip
    assert OutboxMessage.objects.filter(dealer=rms_dealer).count() == 0


def test_it_records_missing_extra_and_wrong_model_units(on_its_way, warehouse, rms_dealer):
    unit_count(number=on_its_way.number, code="RMS000001", by=warehouse)

    batch_receive(
        number=on_its_way.number, by=warehouse,
        receipt=Receipt(
            boxes_received=2, counted_lines=[2], wrong_models={2: "rms-ac20"},
            extras=[ExtraUnit("RMS-CB1M", serial="cbl-000123", fault_text=" 断线 ")],
        ),
    )  # fmt: skip

    on_its_way.refresh_from_db()
    number = on_its_way.number
    assert on_its_way.discrepancies == [
        {"kind": "boxes", "declared": 1, "received": 2},
        {"kind": "wrong_model", "line": 2, "model": "RMS-PB10K", "received": "RMS-AC20",
         "serial": "RMS000002"},
        {"kind": "missing", "line": 3, "model": "RMS-PB10K", "serial": "RMS000003"},
        {"kind": "extra", "line": 4, "model": "RMS-CB1M", "serial": "CBL000123"},
    ]  # fmt: skip
    units = {u.line: u for u in on_its_way.units.select_related("received_model", "model")}
    assert {line: u.state for line, u in units.items()} == {
        1: "counted", 2: "counted", 3: "missing", 4: "counted",
    }  # fmt: skip
    assert units[2].received_model.sku == "RMS-AC20"
    assert units[1].received_model is None
    extra = units[4]
    assert (extra.declared, extra.model.sku, extra.category, extra.fault_text) == (
        False, "RMS-CB1M", "cable", "断线",
    )  # fmt: skip
    assert extra.counted_at is not None

    message = OutboxMessage.objects.get()
    assert (message.dealer, message.customer, message.user) == (rms_dealer, None, None)
    assert message.topic == f"return-batch:{number}:receipt"
    assert (message.language, message.status) == ("zh-hans", "pending")
    assert number in message.subject
    for words in ("RMS000003", "RMS-AC20", "CBL000123", "ROMOSS-IV.1"):
        assert words in message.body
    assert "was not in the boxes" in message.body  # English after the Chinese
    event = on_its_way.events.get(action="receive")
    assert "line 3" in event.note
    assert "RMS-AC20" in event.note


def test_it_names_an_extra_found_without_a_serial(on_its_way, warehouse):
    batch_receive(
        number=on_its_way.number, by=warehouse,
        receipt=Receipt(boxes_received=1, counted_lines=[1, 2, 3],
                        extras=[ExtraUnit("RMS-PB10K")]),
    )  # fmt: skip

    on_its_way.refresh_from_db()
    assert on_its_way.discrepancies == [
        {"kind": "extra", "line": 4, "model": "RMS-PB10K", "serial": ""}
    ]
    extra = on_its_way.units.get(line=4)
    assert (extra.serial, extra.fault_text) == ("", "Not on the packing list")


def test_it_sees_no_discrepancy_in_the_same_model_declared(on_its_way, warehouse):
    batch_receive(
        number=on_its_way.number, by=warehouse,
        receipt=Receipt(boxes_received=1, counted_lines=[1, 3], wrong_models={2: "RMS-PB10K"}),
    )  # fmt: skip

    on_its_way.refresh_from_db()
    assert on_its_way.discrepancies == []
    assert on_its_way.units.get(line=2).state == "counted"
    assert OutboxMessage.objects.count() == 0


def test_it_tells_the_dealer_about_boxes_alone(on_its_way, warehouse, rms_dealer):
    batch_receive(
        number=on_its_way.number, by=warehouse,
        receipt=Receipt(boxes_received=3, counted_lines=[1, 2, 3]),
    )  # fmt: skip

    message = OutboxMessage.objects.get(dealer=rms_dealer)
    assert "3" in message.body
    assert on_its_way.number in message.topic


def test_it_receives_a_batch_that_never_went_through_dispatch(batch_of, warehouse):
    batch = batch_of(serial_rows("RMS000001"), stage="submitted")

    event = batch_receive(
        number=batch.number, receipt=Receipt(boxes_received=1, counted_lines=[1]), by=warehouse
    )

    assert (event.from_status, event.to_status) == ("submitted", "received")


def test_it_starts_the_return_cycle_in_working_days(on_its_way, warehouse, clock):
    clock(2026, 11, 20, 16, 30)  # a Friday

    batch_receive(
        number=on_its_way.number, receipt=Receipt(1, counted_lines=[1, 2, 3]), by=warehouse
    )

    on_its_way.refresh_from_db()
    assert on_its_way.due_on == date(2026, 11, 25)  # Mon, Tue, Wed; not Monday the 23rd
    assert on_its_way.due_on == working_calendar().add_working_days(date(2026, 11, 20), 3)


def test_it_counts_the_cycle_from_the_day_in_shanghai(on_its_way, warehouse, clock):
    clock(2026, 11, 23, 0, 30)  # Monday in Shanghai, still Sunday in UTC

    batch_receive(
        number=on_its_way.number, receipt=Receipt(1, counted_lines=[1, 2, 3]), by=warehouse
    )

    on_its_way.refresh_from_db()
    assert on_its_way.due_on == date(2026, 11, 26)


def test_it_follows_the_calendars_overrides(on_its_way, warehouse, clock):
    clock(2026, 11, 20)
    WorkingCalendarOverride.objects.create(date=date(2026, 11, 23), is_working_day=False)
    CALENDAR_MEMO.forget()

    batch_receive(
        number=on_its_way.number, receipt=Receipt(1, counted_lines=[1, 2, 3]), by=warehouse
    )

    on_its_way.refresh_from_db()
    assert on_its_way.due_on == date(2026, 11, 26)


def test_it_receives_once(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    with refused("not_counting", 409):
        batch_receive(number=batch.number, receipt=Receipt(1, counted_lines=[1]), by=warehouse)


def test_it_refuses_a_receipt_with_nothing_counted(on_its_way, warehouse):
    with refused("invalid_input", 422, field="counted_lines"):
        batch_receive(number=on_its_way.number, receipt=Receipt(boxes_received=1), by=warehouse)
    assert set(states(on_its_way).values()) == {"declared"}


@pytest.mark.parametrize(
    ("receipt", "field"),
    [
        (Receipt(boxes_received=0, counted_lines=[1, 2, 3]), "boxes_received"),
        (Receipt(boxes_received=1, counted_lines=[1, 2, 4]), "counted_lines"),
        (Receipt(boxes_received=1, counted_lines=[1], wrong_models={7: "RMS-AC20"}),
         "counted_lines"),
        (Receipt(boxes_received=1, counted_lines=[1], wrong_models={1: "TOP-PB10"}), "model"),
        (Receipt(boxes_received=1, counted_lines=[1], extras=[ExtraUnit("RMS-NOPE")]), "model"),
    ],
)  # fmt: skip
def test_it_refuses_a_wrong_receipt_and_changes_nothing(
    on_its_way, warehouse, bank, receipt, field
):
    unit_count(number=on_its_way.number, code="2", by=warehouse)

    with refused("invalid_input", 422, field=field):
        batch_receive(number=on_its_way.number, receipt=receipt, by=warehouse)

    on_its_way.refresh_from_db()
    assert (on_its_way.status, on_its_way.due_on, on_its_way.discrepancies) == (
        "in_transit", None, [],
    )  # fmt: skip


def test_it_refuses_an_extra_unit_with_a_malformed_serial(on_its_way, warehouse):
    receipt = Receipt(1, counted_lines=[1, 2, 3], extras=[ExtraUnit("RMS-CB1M", serial="A-1")])

    with refused("invalid_input", 422):
        batch_receive(number=on_its_way.number, receipt=receipt, by=warehouse)


def test_it_keeps_the_dealer_from_recording_the_receipt(on_its_way, dealer_user, inspector):
    for user in (dealer_user, inspector):
        with refused("forbidden", 403):
            batch_receive(number=on_its_way.number, receipt=Receipt(1, [1, 2, 3]), by=user)


def test_it_hides_the_batch_from_other_brands_staff_at_receipt(on_its_way, top_warehouse):
    with refused("batch_not_found", 404):
        batch_receive(number=on_its_way.number, receipt=Receipt(1, [1, 2, 3]), by=top_warehouse)


# --- the call or fax -----------------------------------------------------------------


def test_it_logs_the_call_to_the_return_unit(make_batch, warehouse, rms_dealer):
    batch = make_batch(units=1, stage="received")

    entry = batch_contact_record(
        number=batch.number, channel="phone", outcome="reached", by=warehouse,
        note=" 王丽已知悉 ",
    )  # fmt: skip

    entry.refresh_from_db()
    assert (entry.dealer, entry.topic, entry.channel, entry.outcome, entry.by) == (
        rms_dealer, f"return-batch:{batch.number}", "phone", "reached", warehouse,
    )  # fmt: skip
    assert (entry.number_called, entry.note) == ("+8613957112345", "王丽已知悉")
    event = batch.events.get(action="contact")
    assert (event.from_status, event.to_status) == ("received", "received")
    assert event.note == "Telephone: Reached and told. 王丽已知悉"
    batch.refresh_from_db()
    assert batch.status == "received"


def test_it_logs_a_fax_with_the_time_it_went(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")
    earlier = timezone.now().replace(microsecond=0) - timezone.timedelta(hours=2)

    entry = batch_contact_record(
        number=batch.number, channel="fax", outcome="fax_sent", by=warehouse, called_at=earlier
    )

    assert entry.called_at == earlier


def test_it_logs_no_call_before_the_receipt(make_batch, warehouse):
    batch = make_batch(units=1, stage="in_transit")

    with refused("illegal_transition", 409):
        batch_contact_record(number=batch.number, channel="phone", outcome="reached", by=warehouse)
    assert ContactLogEntry.objects.count() == 0


def test_it_keeps_dealers_from_logging_calls(make_batch, dealer_user, other_dealer_user):
    batch = make_batch(units=1, stage="received")

    with refused("forbidden", 403):
        batch_contact_record(
            number=batch.number, channel="phone", outcome="reached", by=dealer_user
        )
    with refused("batch_not_found", 404):
        batch_contact_record(
            number=batch.number, channel="phone", outcome="reached", by=other_dealer_user
        )


def test_it_refuses_an_outcome_that_does_not_fit_the_channel(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    with refused("invalid_input", 422, field="outcome"):
        batch_contact_record(number=batch.number, channel="fax", outcome="reached", by=warehouse)
    assert ReturnUnit.objects.filter(batch=batch).count() == 1
