"""Inspection: the finding, the engine's decision, the outcomes it allows, parts and products
from the factory's stock, backorders when short, and scrap for battery hazards."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sanbao.catalog.models import PartStock, ProductModel, Unit
from sanbao.returns.inspection import outcomes_allowed, unit_inspect
from sanbao.returns.models import ReturnUnit
from sanbao.returns.receiving import Receipt, batch_receive
from sanbao.service.parts import PartLine
from tests.returns.conftest import inspection, refused, registered

pytestmark = pytest.mark.django_db


def bank_row(serial="", purchased=None, **extra):
    values = {"model": "RMS-PB10K", "serial": serial, "fault": "不充电", "accessories": "数据线"}
    if purchased is not None:
        values["purchase_date"] = purchased.isoformat()
    return values | extra


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def in_warranty(batch_of):
    """Two banks bought two months ago (ROMOSS: 12 months), received today."""
    return batch_of([bank_row("RMS000001", days_ago(60)), bank_row("RMS000002", days_ago(60))])


@pytest.fixture
def registered_in_warranty(batch_of, rms_models, rms_dealer):
    """One bank, registered and sold two months ago, received today."""
    unit = registered("RMSREG0001", rms_models["bank"], dealer=rms_dealer, sold_on=days_ago(60))
    return batch_of([bank_row("RMSREG0001")]), unit


def inspect(batch, user, line=1, **changes):
    return unit_inspect(number=batch.number, line=line, inspection=inspection(**changes), by=user)


def unit_at(batch, line=1):
    return ReturnUnit.objects.select_related("replacement").get(batch=batch, line=line)


def on_hand(part):
    return PartStock.objects.get(part=part).on_hand


# --- the outcomes a decision allows --------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "outcomes"),
    [
        ({"remedies": ["replace", "repair"]}, ["repair", "replace"]),
        ({"remedies": ["refund", "replace", "repair"]}, ["repair", "replace"]),
        ({"remedies": ["paid_repair", "reject"]}, ["repair", "return_as_is"]),
        (
            {"remedies": ["reject"], "charges": [{"kind": "testing", "payer": "shipper"}]},
            ["charge", "return_as_is"],
        ),
        ({"remedies": ["repair"], "hazards": [{"fault_code": "swelling"}]}, ["scrap", "replace"]),
        ({"remedies": ["paid_repair", "reject"], "hazards": [{}]}, ["scrap"]),
        ({"remedies": []}, ["return_as_is"]),
    ],
)
def test_it_offers_the_outcomes_the_decision_allows(decision, outcomes):
    assert outcomes_allowed(decision) == outcomes


# --- no fault found (seed 003 IV.B2) --------------------------------------------------


def test_it_charges_for_testing_a_unit_that_works(make_batch, warehouse):
    batch = make_batch(units=2, stage="received")
    before = timezone.now()

    event = inspect(
        batch, warehouse, result="no_fault_found", fault_code="", outcome="charge",
        charge=Decimal("25"), accessories_present=["data_cable"], note="  测试正常 ",
    )  # fmt: skip

    unit = unit_at(batch)
    assert (unit.state, unit.result, unit.fault_code, unit.outcome, unit.tested) == (
        "ready", "no_fault_found", "no_fault_found", "charge", True,
    )  # fmt: skip
    assert unit.charge == Decimal("25.00")
    assert unit.coverage == "out_of_warranty"
    assert unit.decision["coverage"] == "out_of_warranty"
    assert [(c["kind"], c["payer"]) for c in unit.decision["charges"]] == [("testing", "shipper")]
    assert (unit.accessories_present, unit.inspection_note) == (["data_cable"], "测试正常")
    assert unit.inspected_by == warehouse
    assert unit.inspected_at >= before
    assert unit.hazard is False
    batch.refresh_from_db()
    assert batch.status == "inspecting"
    assert (event.action, event.from_status, event.to_status) == (
        "inspect", "received", "inspecting",
    )  # fmt: skip
    assert event.note == "line 1: Charge for testing"


def test_it_returns_a_working_unit_as_it_is(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    inspect(batch, warehouse, result="no_fault_found", outcome="return_as_is")

    unit = unit_at(batch)
    assert (unit.state, unit.outcome, unit.charge) == ("ready", "return_as_is", Decimal(0))


def test_it_wants_a_unit_tested_before_finding_no_fault(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    with refused("invalid_input", 422, field="tested"):
        inspect(batch, warehouse, tested=False, result="no_fault_found", outcome="charge",
                charge=Decimal(5))  # fmt: skip


def test_it_wants_the_actual_testing_cost(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    with refused("invalid_input", 422, field="charge"):
        inspect(batch, warehouse, result="no_fault_found", outcome="charge")


def test_it_refuses_an_outcome_the_decision_does_not_allow(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    with refused("outcome_not_allowed", 409) as caught:
        inspect(batch, warehouse, result="no_fault_found", outcome="repair")

    assert "Charge for testing" in caught.value.message
    assert "Return as it is" in caught.value.message
    assert unit_at(batch).state == "counted"


# --- excluded: physical damage (liquid ingress) ------------------------------------------


def test_it_repairs_excluded_damage_at_the_dealers_cost(in_warranty, warehouse, factory_stock):
    inspect(
        in_warranty, warehouse, exclusions=["physical_damage"], outcome="repair",
        parts=[PartLine("rms-p-usbc", 2)], charge=Decimal("20"), note="进液",
    )  # fmt: skip

    unit = unit_at(in_warranty)
    assert (unit.coverage, unit.exclusions, unit.state) == (
        "excluded", ["physical_damage"], "ready",
    )  # fmt: skip
    assert unit.parts == [{"code": "RMS-P-USBC", "quantity": 2, "charged_each": "3.50"}]
    assert unit.charge == Decimal("27.00")  # 20 labour + 2 x 3.50 at the standard price
    assert on_hand(factory_stock) == 1


def test_it_returns_excluded_damage_as_it_is_without_charge(in_warranty, warehouse):
    inspect(in_warranty, warehouse, exclusions=["physical_damage"], outcome="return_as_is")

    unit = unit_at(in_warranty)
    assert (unit.coverage, unit.outcome, unit.charge) == ("excluded", "return_as_is", 0)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"outcome": "replace"}, "outcome_not_allowed"),
        ({"outcome": "charge", "charge": Decimal(5)}, "outcome_not_allowed"),
        ({"outcome": "return_as_is", "charge": Decimal(5)}, "invalid_input"),
    ],
)
def test_it_refuses_what_an_exclusion_does_not_allow(
    in_warranty, warehouse, factory_stock, changes, code
):
    with refused(code):
        inspect(in_warranty, warehouse, exclusions=["physical_damage"], **changes)


# --- in warranty ---------------------------------------------------------------------


def test_it_repairs_in_warranty_with_free_parts(in_warranty, warehouse, factory_stock):
    inspect(in_warranty, warehouse, parts=[PartLine("RMS-P-USBC", 1)])

    unit = unit_at(in_warranty)
    assert unit.coverage == "in_warranty"
    assert unit.purchase_date == days_ago(60)
    assert [(p["code"], p["quantity"], Decimal(p["charged_each"])) for p in unit.parts] == [
        ("RMS-P-USBC", 1, 0)
    ]
    assert unit.charge == 0
    assert on_hand(factory_stock) == 2


def test_it_charges_no_labour_in_warranty(in_warranty, warehouse, factory_stock):
    with refused("invalid_input", 422, field="charge"):
        inspect(in_warranty, warehouse, parts=[PartLine("RMS-P-USBC", 1)], charge=Decimal(10))


def test_it_takes_the_warranty_from_the_registrys_sale(registered_in_warranty, warehouse):
    batch, _unit = registered_in_warranty

    inspect(batch, warehouse)

    assert unit_at(batch).coverage == "in_warranty"


def test_it_prefers_the_dealers_purchase_date_to_the_registry(
    batch_of, rms_models, rms_dealer, warehouse
):
    registered("RMSREG0001", rms_models["bank"], dealer=rms_dealer, sold_on=days_ago(30))
    batch = batch_of([bank_row("RMSREG0001", purchased=date(2023, 1, 1))])

    with refused("outcome_not_allowed", 409):
        inspect(batch, warehouse, outcome="replace")
    inspect(batch, warehouse, outcome="return_as_is")

    assert unit_at(batch).coverage == "out_of_warranty"


def test_it_replaces_from_factory_stock(registered_in_warranty, warehouse, factory_stock):
    batch, returned = registered_in_warranty

    inspect(batch, warehouse, outcome="replace")

    unit = unit_at(batch)
    new = unit.replacement
    assert (unit.state, unit.outcome, new.serial) == ("ready", "replace", "RMSSTOCK0001")
    assert (new.status, new.dealer_id, new.shipped_on, new.replaces_id) == (
        "shipped", batch.dealer_id, timezone.localdate(), returned.pk,
    )  # fmt: skip
    returned.refresh_from_db()
    assert returned.status == "replaced"
    assert Unit.objects.get(serial="RMSSTOCK0002").status == "produced"


def test_it_replaces_with_the_unit_chosen(in_warranty, warehouse, factory_stock):
    inspect(in_warranty, warehouse, outcome="replace", replacement_serial="rms-stock-0002")

    assert unit_at(in_warranty).replacement.serial == "RMSSTOCK0002"
    assert Unit.objects.get(serial="RMSSTOCK0001").status == "produced"


def test_it_replaces_with_a_model_of_no_lower_specification(
    in_warranty, warehouse, other_brand, rms_models
):
    bigger = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20K", name_en="20K", name_zh="20K", category="power_bank",
        capacity_mah=20000,
    )  # fmt: skip
    registered("RMSBIG0001", bigger, status="produced")

    inspect(in_warranty, warehouse, outcome="replace", replacement_serial="RMSBIG0001")

    assert unit_at(in_warranty).replacement.model == bigger


@pytest.mark.parametrize("serial", ["RMSSMALL01", "RMSSOLD001", "RMSNOSUCH1"])
def test_it_refuses_a_replacement_that_does_not_qualify(
    in_warranty, warehouse, other_brand, rms_models, rms_dealer, serial
):
    smaller = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB5K", name_en="5K", name_zh="5K", category="power_bank",
        capacity_mah=5000,
    )  # fmt: skip
    registered("RMSSMALL01", smaller, status="produced")
    registered("RMSSOLD001", rms_models["bank"], dealer=rms_dealer)

    with refused("invalid_input", 422, field="replacement_serial"):
        inspect(in_warranty, warehouse, outcome="replace", replacement_serial=serial)


def test_it_backorders_a_replacement_out_of_stock(registered_in_warranty, warehouse):
    batch, returned = registered_in_warranty

    event = inspect(batch, warehouse, outcome="replace")

    unit = unit_at(batch)
    assert (unit.state, unit.replacement, unit.backorder_reason) == (
        "backordered", None, "a replacement RMS-PB10K",
    )  # fmt: skip
    returned.refresh_from_db()
    assert returned.status == "sold"
    assert "waiting for a replacement RMS-PB10K" in event.note
    batch.refresh_from_db()
    assert batch.status == "ready_to_ship"  # nothing left to inspect


def test_it_backorders_parts_short_and_takes_none(in_warranty, warehouse, factory_stock):
    event = inspect(in_warranty, warehouse, parts=[PartLine("RMS-P-USBC", 4)])

    unit = unit_at(in_warranty)
    assert (unit.state, unit.backorder_reason) == ("backordered", "parts: RMS-P-USBC x 4")
    assert unit.parts == [{"code": "RMS-P-USBC", "quantity": 4}]
    assert unit.charge == 0
    assert on_hand(factory_stock) == 3
    assert "waiting for parts: RMS-P-USBC x 4" in event.note


def test_it_backorders_parts_when_the_factory_has_no_shelf(in_warranty, warehouse, rms_models):
    from sanbao.catalog.models import Part

    part = Part.objects.create(
        brand=in_warranty.brand, code="RMS-P-CELL", name_en="Cell", name_zh="电芯",
        mass_production_cost="8.00", standard_price="9.00",
    )  # fmt: skip
    part.models_served.add(rms_models["bank"])

    inspect(in_warranty, warehouse, parts=[PartLine("RMS-P-CELL", 1)])

    assert unit_at(in_warranty).backorder_reason == "parts: RMS-P-CELL x 1"


def test_it_refuses_a_part_that_does_not_fit(in_warranty, warehouse, factory_stock):
    with refused("invalid_input", 422, field="parts"):
        inspect(in_warranty, warehouse, parts=[PartLine("RMS-P-USBC", 1), PartLine("NOPE", 1)])


# --- battery hazards ---------------------------------------------------------------


def test_it_scraps_a_swollen_bank_out_of_warranty(batch_of, rms_models, rms_dealer, warehouse):
    returned = registered("RMSREG0002", rms_models["bank"], dealer=rms_dealer)
    batch = batch_of([bank_row("RMSREG0002")])

    for outcome in ("repair", "replace", "return_as_is"):
        with refused("outcome_not_allowed", 409):
            inspect(batch, warehouse, fault_code="swelling", outcome=outcome)
    inspect(batch, warehouse, fault_code="swelling", outcome="scrap")

    unit = unit_at(batch)
    assert (unit.state, unit.hazard, unit.outcome) == ("scrapped", True, "scrap")
    assert unit.decision["hazards"][0]["fault_code"] == "swelling"
    returned.refresh_from_db()
    assert returned.status == "scrapped"


def test_it_replaces_a_swollen_bank_in_warranty(registered_in_warranty, warehouse, factory_stock):
    batch, returned = registered_in_warranty

    inspect(batch, warehouse, fault_code="swelling", outcome="replace")

    unit = unit_at(batch)
    assert (unit.state, unit.hazard, unit.replacement.serial) == ("ready", True, "RMSSTOCK0001")
    returned.refresh_from_db()
    assert returned.status == "scrapped"  # the swollen one is destroyed, not kept as replaced


def test_it_scraps_a_swollen_bank_in_warranty_too(in_warranty, warehouse):
    inspect(in_warranty, warehouse, fault_code="swelling", outcome="scrap")

    assert unit_at(in_warranty).state == "scrapped"


# --- the model received, not the one declared ----------------------------------------


def test_it_decides_on_the_model_that_arrived(batch_of, warehouse, factory_stock):
    batch = batch_of([bank_row("RMS000001")], stage="in_transit")
    batch_receive(
        number=batch.number, by=warehouse,
        receipt=Receipt(1, counted_lines=[1], wrong_models={1: "RMS-AC20"}),
    )  # fmt: skip

    with refused("invalid_facts", 422, field="fault_code"):  # an adapter cannot swell
        inspect(batch, warehouse, fault_code="swelling", outcome="scrap")
    with refused("invalid_input", 422, field="parts"):  # the bank's board fits no adapter
        inspect(batch, warehouse, parts=[PartLine("RMS-P-USBC", 1)])
    inspect(batch, warehouse, fault_code="no_output", outcome="return_as_is")

    assert unit_at(batch).state == "ready"


# --- the batch moves on -------------------------------------------------------------


def test_it_is_ready_to_ship_once_every_unit_is_inspected(make_batch, warehouse, clock):
    clock(2026, 8, 31)
    batch = make_batch(units=2, stage="received")

    inspect(batch, warehouse, line=1, outcome="return_as_is")
    batch.refresh_from_db()
    assert (batch.status, batch.repair_data_until) == ("inspecting", None)

    event = inspect(batch, warehouse, line=2, outcome="return_as_is")

    batch.refresh_from_db()
    assert batch.status == "ready_to_ship"
    assert batch.repair_data_until == date(2027, 2, 28)  # six months, at the month's end
    assert (event.from_status, event.to_status) == ("inspecting", "ready_to_ship")


def test_it_does_not_wait_for_units_missing_at_receipt(batch_of, warehouse):
    batch = batch_of([bank_row("RMS000001"), bank_row("RMS000002")], stage="in_transit")
    batch_receive(number=batch.number, receipt=Receipt(1, counted_lines=[1]), by=warehouse)

    with refused("not_inspectable", 409):
        inspect(batch, warehouse, line=2, outcome="return_as_is")
    inspect(batch, warehouse, line=1, outcome="return_as_is")

    batch.refresh_from_db()
    assert batch.status == "ready_to_ship"


def test_it_inspects_an_extra_unit_found_at_receipt(batch_of, warehouse):
    from sanbao.returns.receiving import ExtraUnit

    batch = batch_of([bank_row("RMS000001")], stage="in_transit")
    batch_receive(
        number=batch.number, by=warehouse,
        receipt=Receipt(1, counted_lines=[1], extras=[ExtraUnit("RMS-CB1M")]),
    )  # fmt: skip

    inspect(batch, warehouse, line=2, fault_code="intermittent", outcome="return_as_is")

    assert unit_at(batch, 2).coverage == "out_of_warranty"


def test_it_inspects_a_unit_once(make_batch, warehouse):
    batch = make_batch(units=2, stage="received")
    inspect(batch, warehouse, outcome="return_as_is")

    with refused("not_inspectable", 409):
        inspect(batch, warehouse, outcome="return_as_is")


def test_it_says_when_there_is_no_such_line(make_batch, warehouse):
    batch = make_batch(units=1, stage="received")

    with refused("unit_not_found", 404):
        inspect(batch, warehouse, line=9)


@pytest.mark.parametrize("stage", ["submitted", "in_transit"])
def test_it_inspects_nothing_before_the_receipt(make_batch, warehouse, stage):
    batch = make_batch(units=1, stage=stage)

    with refused("illegal_transition", 409):
        inspect(batch, warehouse, outcome="return_as_is")


def test_it_lets_the_hq_technician_inspect(make_batch, inspector):
    batch = make_batch(units=1, stage="received")

    inspect(batch, inspector, outcome="return_as_is")

    assert unit_at(batch).inspected_by == inspector


def test_it_keeps_the_dealer_from_inspecting_and_undoes_every_step(
    registered_in_warranty, dealer_user, factory_stock
):
    batch, _returned = registered_in_warranty

    with refused("forbidden", 403):
        inspect(batch, dealer_user, outcome="replace")
    with refused("forbidden", 403):
        inspect(batch, dealer_user, parts=[PartLine("RMS-P-USBC", 2)])
    assert unit_at(batch).inspected_at is None


def test_it_hides_the_batch_from_outsiders(make_batch, other_dealer_user, top_warehouse):
    batch = make_batch(units=1, stage="received")

    for user in (other_dealer_user, top_warehouse):
        with refused("batch_not_found", 404):
            inspect(batch, user, outcome="return_as_is")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"result": "broken"}, "result"),
        ({"fault_code": ""}, "fault_code"),
        ({"fault_code": "no_fault_found"}, "fault_code"),
        ({"fault_code": "exploded"}, "fault_code"),
        ({"exclusions": ["rain"]}, "exclusions"),
        ({"accessories_present": ["hat"]}, "accessories_present"),
        ({"outcome": "burn"}, "outcome"),
        ({"charge": Decimal(-1)}, "charge"),
        ({"charge": Decimal(100000)}, "charge"),
    ],
)
def test_it_names_a_wrong_finding(make_batch, warehouse, changes, field):
    batch = make_batch(units=1, stage="received")

    with refused("invalid_input", 422, field=field):
        inspect(batch, warehouse, **changes)


def test_it_excludes_a_registered_unit_that_never_went_through_a_dealer(
    batch_of, rms_models, warehouse
):
    registered("RMSGREY001", rms_models["bank"], sold_on=days_ago(30))  # no dealer, no shipment
    batch = batch_of([bank_row("RMSGREY001")])

    with refused("outcome_not_allowed", 409):
        inspect(batch, warehouse, outcome="replace")
    inspect(batch, warehouse, outcome="return_as_is")

    assert unit_at(batch).coverage == "excluded"
