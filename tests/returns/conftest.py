"""Return-batch fixtures: a ROMOSS dealer and its user, the factory's staff, models,
stock at the factory, and a one-call batch built to any stage."""

from datetime import date

import pytest

from sanbao.catalog.models import Part, PartStock, ProductModel, Unit
from sanbao.returns.building import BatchHeader, batch_create, batch_units_add
from sanbao.returns.receiving import Receipt, batch_receive
from sanbao.returns.submission import batch_dispatch, batch_submit


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
