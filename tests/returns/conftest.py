"""Return-batch fixtures: a ROMOSS dealer and its user, the factory's staff, models,
stock at the factory, and a one-call batch built to any stage."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sanbao.accounts.models import Dealer
from sanbao.catalog.models import Part, PartStock, ProductModel, Unit
from sanbao.config.errors import DomainError
from sanbao.notify.models import ContactLogEntry, OutboxMessage
from sanbao.returns.building import BatchHeader, batch_create, batch_units_add
from sanbao.returns.inspection import Inspection
from sanbao.returns.models import (
    BatchEvent,
    DeliveryShipment,
    ReturnBatch,
    ReturnUnit,
)
from sanbao.returns.receiving import Receipt, batch_receive
from sanbao.returns.submission import batch_dispatch, batch_submit
from tests.conftest import _credit_code


@pytest.fixture
def rms_dealer(dealer, other_brand):
    """The shared dealer, also a ROMOSS dealer (ROMOSS's policy takes dealer returns)."""
    dealer.brands.add(other_brand)
    return dealer


@pytest.fixture
def dealer_user(make_user, rms_dealer):
    return make_user("dealer")


@pytest.fixture
def warehouse(make_user, hq):
    return make_user("warehouse", outlet=hq)


@pytest.fixture
def inspector(make_user, hq):
    return make_user("hq_technician", outlet=hq)


@pytest.fixture
def rms_models(other_brand):
    def model(sku, category, mah=None):
        return ProductModel.objects.create(
            brand=other_brand, sku=sku, name_en=sku, name_zh=sku, category=category,
            capacity_mah=mah, energy_wh="37.00" if mah else None,
            required_accessories=["data_cable"] if mah else [],
        )  # fmt: skip

    return {
        "bank": model("RMS-PB10K", "power_bank", 10000),
        "adapter": model("RMS-AC20", "adapter"),
        "cable": model("RMS-CB1M", "cable"),
    }


@pytest.fixture
def factory_stock(rms_models, hq, other_brand):
    """Two spare 10K banks and three port boards at the factory."""
    bank = rms_models["bank"]
    for n in (1, 2):
        Unit.objects.create(
            brand=other_brand, serial=f"RMSSTOCK{n:04d}", model=bank,
            produced_on=date(2026, 1, 5), status="produced",
        )  # fmt: skip
    part = Part.objects.create(
        brand=other_brand, code="RMS-P-USBC", name_en="USB-C board", name_zh="USB-C 接口板",
        mass_production_cost="3.00", standard_price="3.50",
    )  # fmt: skip
    part.models_served.add(bank)
    PartStock.objects.create(part=part, outlet=hq, on_hand=3)
    return part


def header(**changes):
    values = {"contact_person": "王丽", "contact_phone": "13957112345", "boxes": 1,
              "courier": "顺丰速运"}  # fmt: skip
    return BatchHeader(**{**values, **changes})


def rows(count, sku="RMS-PB10K", fault="不充电", accessories="data_cable"):
    return [{"model": sku, "fault": f"{fault} {n}", "accessories": accessories}
            for n in range(1, count + 1)]  # fmt: skip


@pytest.fixture
def make_batch(dealer_user, warehouse, other_brand, rms_models):
    """A batch of `units` power banks by the dealer, taken up to `stage`."""

    def make(units=3, stage="draft", **header_changes):
        batch = batch_create(brand=other_brand, header=header(**header_changes), by=dealer_user)
        if units:
            batch_units_add(number=batch.number, rows=rows(units), by=dealer_user)
        if stage in ("submitted", "in_transit", "received"):
            batch_submit(number=batch.number, by=dealer_user)
        if stage in ("in_transit", "received"):
            batch_dispatch(number=batch.number, tracking_number="SF1234567890", by=dealer_user)
        if stage == "received":
            receipt = Receipt(boxes_received=batch.boxes, counted_lines=list(range(1, units + 1)))
            batch_receive(number=batch.number, receipt=receipt, by=warehouse)
        batch.refresh_from_db()
        return batch

    return make


# ---------------------------------------------------------------------------------------
# Added for the service tests: a second dealer, a TOP-only warehouse clerk, a clock, the
# registry, inspections, and a way to say "this refusal changed nothing".

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def other_dealer(other_brand):
    """A second ROMOSS dealer, in Ningbo."""
    dealer = Dealer.objects.create(
        code="nb", name="宁波电子商行", credit_code=_credit_code("91330205MA2H5K3L8"),
        contact_person="陈刚", phone="+8613857412345",
    )  # fmt: skip
    dealer.brands.set([other_brand])
    return dealer


@pytest.fixture
def other_dealer_user(make_user, other_dealer):
    return make_user("dealer", username="dealer-nb", dealer=other_dealer)


@pytest.fixture
def top_warehouse(make_user):
    """A warehouse clerk of the Guangzhou outlet, which serves TOP only."""
    return make_user("warehouse", username="warehouse-top")


@pytest.fixture
def clock(monkeypatch):
    """Sets 'now' (Asia/Shanghai wall time) for everything that asks django's timezone."""

    def set_to(year, month, day, hour=10, minute=0):
        moment = datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


def registered(serial, model, *, dealer=None, status="sold", **fields):
    """A unit in the serial registry, shipped to `dealer` and sold."""
    values = {"produced_on": date(2025, 6, 1), "shipped_on": date(2025, 7, 1)}
    return Unit.objects.create(
        brand=model.brand, serial=serial, model=model, dealer=dealer, status=status,
        **{**values, **fields},
    )  # fmt: skip


def inspection(**changes):
    """A confirmed 'does not charge', tested, repaired without parts."""
    values = {"tested": True, "result": "fault_confirmed", "fault_code": "no_charge",
              "outcome": "repair"}  # fmt: skip
    return Inspection(**{**values, **changes})


def world():
    """What a refused action must leave exactly as it was."""
    return {
        "batches": list(ReturnBatch.objects.order_by("pk").values_list("pk", "status", "due_on")),
        "units": list(
            ReturnUnit.objects.order_by("pk").values_list(
                "pk", "state", "outcome", "received_model_id", "replacement_id", "shipment_id"
            )
        ),
        "events": BatchEvent.objects.count(),
        "messages": OutboxMessage.objects.count(),
        "stock": list(PartStock.objects.order_by("pk").values_list("pk", "on_hand")),
        "registry": list(
            Unit.objects.order_by("pk").values_list("pk", "status", "dealer_id", "replaces_id")
        ),
        "contacts": ContactLogEntry.objects.count(),
        "shipments": DeliveryShipment.objects.count(),
    }


@contextmanager
def refused(code, status=None, field=None):
    """Expects a DomainError with this code (and status, and field) that changed nothing."""
    before = world()
    with pytest.raises(DomainError) as caught:
        yield caught
    error = caught.value
    assert (error.code, error.status if status else None) == (code, status), error.message
    if field is not None:
        assert field in error.fields, error.fields
    assert world() == before


@pytest.fixture
def batch_of(dealer_user, warehouse, other_brand, rms_models):
    """A batch of the given repair-list rows, taken up to `stage` (like make_batch)."""

    def make(unit_rows, stage="received", **header_changes):
        batch = batch_create(brand=other_brand, header=header(**header_changes), by=dealer_user)
        batch_units_add(number=batch.number, rows=unit_rows, by=dealer_user)
        if stage in ("submitted", "in_transit", "received"):
            batch_submit(number=batch.number, by=dealer_user)
        if stage in ("in_transit", "received"):
            batch_dispatch(number=batch.number, tracking_number="SF1234567890", by=dealer_user)
        if stage == "received":
            lines = list(batch.units.values_list("line", flat=True))
            receipt = Receipt(boxes_received=batch.boxes, counted_lines=lines)
            batch_receive(number=batch.number, receipt=receipt, by=warehouse)
        batch.refresh_from_db()
        return batch

    return make
