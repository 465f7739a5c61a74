"""The service order's transitions: each one a service, an event row, a 409 when illegal."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sanbao.catalog.models import PartStock, Unit
from sanbao.config.errors import DomainError
from sanbao.notify.models import OutboxMessage
from sanbao.service.handback import (
    order_cancel,
    order_close,
    order_hand_back,
    order_transfer_to_hq,
)
from sanbao.service.models import Quote, ServiceOrder
from sanbao.service.parts import PartLine
from sanbao.service.quotes import quote_decide, quote_send
from sanbao.service.repairs import (
    order_diagnose,
    order_repair_complete,
    order_repair_fail,
    order_repair_on_spot,
    order_repair_start,
)
from sanbao.service.replacements import order_refund, order_replace
from sanbao.service.signatures import signature_intact
from sanbao.warranty.selectors import working_calendar
from tests.service.conftest import sale_slip, signature_png

pytestmark = pytest.mark.django_db


def _actions(order):
    return [(e.action, e.to_status) for e in order.events.all()]


def _stock(part, outlet):
    return PartStock.objects.get(part=part, outlet=outlet).on_hand


def test_it_repairs_on_the_spot_and_closes_with_the_customers_signature(
    register, technician, front_desk, board, outlet
):
    order = register()
    order_repair_on_spot(
        number=order.number, work_done="Resoldered the USB-C port",
        parts=[PartLine("pcb-10", 1)], labour_minutes=15, by=technician,
    )  # fmt: skip
    assert _stock(board, outlet) == 4
    order_hand_back(number=order.number, signature=signature_png(), by=front_desk)
    order.refresh_from_db()
    assert order.status == "closed" and order.signed_at and order.closed_at
    assert order.parts_used.get().charged_each == Decimal("0.00")  # in warranty: free
    assert _actions(order) == [
        ("register", "registered"),
        ("repair_on_spot", "ready"),
        ("hand_back", "returned"),
        ("close", "closed"),
    ]
    assert signature_intact(order) is True
    assert OutboxMessage.objects.filter(topic=f"order:{order.number}:closed").exists()


def test_it_shows_a_signed_card_was_altered(register, technician, front_desk):
    order = register()
    order_repair_on_spot(
        number=order.number, work_done="Reset", parts=[], labour_minutes=5, by=technician
    )
    order_hand_back(number=order.number, signature=signature_png(), by=front_desk)
    ServiceOrder.objects.filter(pk=order.pk).update(fault_description="something else")
    order.refresh_from_db()
    assert signature_intact(order) is False


def test_it_refuses_an_empty_signature_pad(register, technician, front_desk):
    order = register()
    order_repair_on_spot(
        number=order.number, work_done="Reset", parts=[], labour_minutes=5, by=technician
    )
    with pytest.raises(DomainError) as error:
        order_hand_back(number=order.number, signature=signature_png(blank=True), by=front_desk)
    assert error.value.status == 422 and "signature" in error.value.fields
    order.refresh_from_db()
    assert order.status == "ready" and not order.signature


def test_it_answers_409_to_an_illegal_transition_and_changes_nothing(register, front_desk):
    order = register()
    with pytest.raises(DomainError) as error:
        order_close(number=order.number, by=front_desk)
    assert error.value.status == 409 and error.value.code == "illegal_transition"
    order.refresh_from_db()
    assert order.status == "registered" and order.events.count() == 1


def test_it_refuses_actions_outside_the_role(register, front_desk):
    order = register()
    with pytest.raises(DomainError) as error:
        order_diagnose(number=order.number, findings="x", exclusions=[], by=front_desk)
    assert error.value.status == 403


def test_it_gives_a_serious_fault_seven_working_days_and_no_spot_repair(register, technician):
    order = register(fault_code="overheating")
    assert order.serious
    assert order.due_on == working_calendar().add_working_days(timezone.localdate(), 7)
    with pytest.raises(DomainError) as error:
        order_repair_on_spot(
            number=order.number, work_done="x", parts=[], labour_minutes=0, by=technician
        )
    assert error.value.code == "serious_fault" and error.value.status == 409


def test_it_takes_nothing_when_the_shelf_is_short(register, technician, board, outlet):
    order = register()
    order_diagnose(number=order.number, findings="Board burnt", exclusions=[], by=technician)
    order_repair_start(number=order.number, by=technician)
    with pytest.raises(DomainError) as error:
        order_repair_complete(
            number=order.number, work_done="New board", parts=[PartLine("PCB-10", 6)],
            labour_minutes=30, by=technician,
        )  # fmt: skip
    assert error.value.code == "out_of_stock"
    order.refresh_from_db()
    assert order.status == "repairing" and _stock(board, outlet) == 5
    assert not order.parts_used.exists()


def test_it_sends_a_mail_in_to_hq_where_it_is_quoted_approved_repaired_and_shipped_back(
    register, technician, hq_technician, front_desk, board, hq
):
    order = register(intake="mail_in", fault_code="overheating")
    with pytest.raises(DomainError) as error:
        order_transfer_to_hq(
            number=order.number, courier="SF", tracking_number="SF1", sale_slip_included=False,
            by=technician,
        )  # fmt: skip
    assert "sale_slip_included" in error.value.fields
    order_transfer_to_hq(
        number=order.number, courier="顺丰", tracking_number="sf1234567890",
        sale_slip_included=True, by=technician,
    )  # fmt: skip
    order_diagnose(
        number=order.number, findings="Dropped: case cracked, cell dented",
        exclusions=["physical_damage"], by=hq_technician,
    )  # fmt: skip
    order.refresh_from_db()
    assert order.at_hq and order.coverage == "excluded"
    quote = quote_send(
        number=order.number, parts=[PartLine("PCB-10", 1)], labour=Decimal(0),
        freight=Decimal("8"), by=hq_technician,
    )  # fmt: skip
    assert quote.total == Decimal("26.50")  # mass-production cost 18.50 + discounted delivery
    assert quote.lines[0]["unit_price"] == "18.50"
    quote_decide(number=order.number, approve=True, by=None)
    with pytest.raises(DomainError) as twice:
        quote_decide(number=order.number, approve=False, by=None)
    assert twice.value.status == 409
    order_repair_start(number=order.number, by=hq_technician)
    order_repair_complete(
        number=order.number, work_done="New board", parts=[PartLine("PCB-10", 1)],
        labour_minutes=40, by=hq_technician,
    )  # fmt: skip
    assert _stock(board, hq) == 1
    order_hand_back(number=order.number, courier="顺丰", tracking_number="SF999", by=hq_technician)
    order_close(number=order.number, by=front_desk, note="Delivered")
    order.refresh_from_db()
    assert order.status == "closed"
    assert Quote.objects.get(order=order).decided_via == "portal"
    assert [a for a, _ in _actions(order)] == [
        "register", "transfer_to_hq", "diagnose", "quote", "approve", "start_repair",
        "repair", "hand_back", "close",
    ]  # fmt: skip
    assert order.shipments.count() == 2
    assert order.parts_used.get().charged_each == Decimal("18.50")


def test_it_quotes_nothing_under_warranty(register, technician, board):
    order = register()
    order_diagnose(number=order.number, findings="Port loose", exclusions=[], by=technician)
    with pytest.raises(DomainError) as error:
        quote_send(
            number=order.number, parts=[], labour=Decimal(0), freight=Decimal(0), by=technician
        )
    assert error.value.code == "covered" and error.value.status == 409


def test_it_refuses_a_labour_charge_the_policy_does_not_allow(register, technician, board):
    order = register()
    order_diagnose(
        number=order.number, findings="Wet", exclusions=["physical_damage"], by=technician
    )
    with pytest.raises(DomainError) as error:
        quote_send(
            number=order.number, parts=[], labour=Decimal(20), freight=Decimal(0), by=technician
        )
    assert "labour" in error.value.fields and "TOP-4.2" in error.value.message
    assert not Quote.objects.exists()


def test_it_offers_replacement_or_refund_after_two_failed_repairs(register, technician):
    order = register(
        fault_code="no_output", purchase_date=date.today() - timedelta(days=100), proof=sale_slip()
    )
    order_diagnose(number=order.number, findings="No output", exclusions=[], by=technician)
    for _attempt in range(2):
        order_repair_start(number=order.number, by=technician)
        order_repair_fail(number=order.number, note="Still no output", by=technician)
    order.refresh_from_db()
    assert order.failed_repairs == 2
    assert {"replace", "refund"} <= set(order.decision["remedies"])
    order_refund(number=order.number, amount=Decimal("99"), by=technician)
    order.refresh_from_db()
    assert order.status == "closed" and "99.00" in order.events.last().note


def test_it_refuses_a_refund_the_decision_does_not_offer(register, technician):
    order = register(purchase_date=timezone.localdate() - timedelta(days=100))
    order_diagnose(number=order.number, findings="No output", exclusions=[], by=technician)
    with pytest.raises(DomainError) as error:
        order_refund(number=order.number, amount=Decimal("99"), by=technician)
    assert error.value.code == "remedy_not_offered"


def test_it_replaces_with_a_unit_from_stock_whose_warranty_restarts(
    register, technician, bank, unit
):
    new = Unit.objects.create(
        brand=bank.brand, serial="TOP0000000002", model=bank, produced_on=date(2025, 5, 1)
    )
    order = register()
    order_diagnose(number=order.number, findings="Cell dead", exclusions=[], by=technician)
    order_replace(number=order.number, serial="top0000000002", by=technician)
    new.refresh_from_db()
    unit.refresh_from_db()
    order.refresh_from_db()
    assert order.status == "ready" and order.replacement_unit == new
    assert new.replaces == unit and new.owner == order.customer and new.status == "sold"
    assert new.warranty_restarts_on == timezone.localdate()
    assert unit.status == "replaced"
    with pytest.raises(DomainError):  # the new unit is no longer in stock
        other = register(customer_phone="13900139000")
        order_diagnose(number=other.number, findings="x", exclusions=[], by=technician)
        order_replace(number=other.number, serial=new.serial, by=technician)


def test_it_cancels_only_with_a_reason_and_only_once(register, front_desk):
    order = register()
    with pytest.raises(DomainError) as error:
        order_cancel(number=order.number, reason=" ", by=front_desk)
    assert error.value.status == 422
    order_cancel(number=order.number, reason="Customer took it back", by=front_desk)
    with pytest.raises(DomainError) as again:
        order_cancel(number=order.number, reason="again", by=front_desk)
    assert again.value.status == 409
