"""The quality early warning: failure rates per production batch, the p-chart's limits, the
watch list and a batch's evidence, on a small data set worked out by hand."""

import io
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from sanbao.catalog.models import ProductionBatch
from sanbao.customers.models import Customer
from sanbao.insights.quality import (
    ABOVE_UCL,
    HAZARD,
    batch_evidence,
    batch_failure_rates,
    chart_model,
    quality_board,
    watch_list,
)
from sanbao.insights.scope import Scope, default_period
from sanbao.returns.models import ReturnBatch, ReturnUnit
from sanbao.service.models import IntakePhoto, ServiceOrder

pytestmark = pytest.mark.django_db

# Six batches of one model in production order. Σ faults 22 over Σ shipped 7,000: p̄ = 22/7000.
PLAN = {  # code: (units shipped, confirmed faults counted)
    "A": (1000, 2), "B": (1000, 3), "C": (1000, 15), "D": (2000, 0), "E": (1000, 1),
    "H": (1000, 1),
}  # fmt: skip
P_BAR = 22 / 7000


def limits(n: int) -> tuple[float, float]:
    sigma = math.sqrt(P_BAR * (1 - P_BAR) / n)
    return P_BAR + 3 * sigma, max(0.0, P_BAR - 3 * sigma)


@dataclass
class Faults:
    """Service orders and returned units on production batches, made directly."""

    outlet: object
    dealer: object
    by: object
    numbers: count = field(default_factory=lambda: count(1))

    def __post_init__(self) -> None:
        self.customer = Customer.objects.create(name="张伟", phone="+8613800138000")
        self.returns = {}

    def order(self, batch, fault="port_damage", *, status="closed", coverage="in_warranty",
              days_ago=10, photo=False) -> ServiceOrder:  # fmt: skip
        order = ServiceOrder.objects.create(
            number=f"TOP{next(self.numbers):08d}", brand=batch.model.brand, outlet=self.outlet,
            intake="walk_in", customer=self.customer, model=batch.model, serial="TOP000111",
            production_batch=batch, fault_code=fault, status=status, coverage=coverage,
            created_by=self.by,
        )  # fmt: skip
        ServiceOrder.objects.filter(pk=order.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        if photo:
            buffer = io.BytesIO()
            Image.new("RGB", (64, 48), "red").save(buffer, format="JPEG")
            shot = IntakePhoto(order=order, extension="jpg")
            shot.image.save("p.jpg", ContentFile(buffer.getvalue()), save=True)
        return order

    def unit(self, batch, fault="no_output", *, result="fault_confirmed",
             coverage="in_warranty", days_ago=5) -> ReturnUnit:  # fmt: skip
        brand = batch.model.brand
        if brand.pk not in self.returns:
            self.returns[brand.pk] = ReturnBatch.objects.create(
                number=f"{brand.card_prefix}R{brand.pk:06d}", brand=brand, dealer=self.dealer,
                contact_person="王丽", contact_phone="13957112345", created_by=self.by,
            )  # fmt: skip
        returned = self.returns[brand.pk]
        return ReturnUnit.objects.create(
            batch=returned, line=returned.units.count() + 1, model=batch.model,
            category=batch.model.category, serial="TOP000222", production_batch=batch,
            fault_text="坏了", result=result, fault_code=fault, coverage=coverage,
            inspected_at=timezone.now() - timedelta(days=days_ago),
        )  # fmt: skip


@dataclass
class Seeded:
    batches: dict[str, ProductionBatch]
    foreign: ProductionBatch
    faults: Faults


def seed_quality(*, bank, foreign_model, outlet, dealer, by) -> Seeded:
    """The PLAN, with every kind of fault that must not count laid on top of it."""
    dealer.brands.add(foreign_model.brand)
    batches = {
        code: ProductionBatch.objects.create(
            model=bank,
            code=code,
            produced_from=date(2025, 1 + i, 1),
            produced_to=date(2025, 1 + i, 20),
            units_shipped=shipped,
            cell_supplier="ATL",
        )
        for i, (code, (shipped, _d)) in enumerate(PLAN.items())
    }
    faults = Faults(outlet, dealer, by)
    a, b, c, e, h = (batches[code] for code in "ABCEH")
    faults.order(a, photo=True)
    faults.unit(a)  # a returned unit counts like an order
    for status in ("registered", "diagnosing", "cancelled"):
        faults.order(a, status=status)  # not (or never) confirmed
    faults.order(a, "no_fault_found")
    faults.order(a, coverage="excluded")  # the user's doing
    faults.order(a, days_ago=400)  # before the period
    faults.unit(a, "no_fault_found", result="no_fault_found")
    faults.unit(a, coverage="excluded")
    faults.unit(a, days_ago=400)
    for _i in range(3):
        faults.order(b, "no_output")
    faults.order(b, "burnt", coverage="excluded")  # a surge burnt it: no hazard of the batch
    for i in range(15):
        faults.order(c, "no_charge", photo=i < 2) if i < 10 else faults.unit(c, "no_charge")
    faults.order(e, "burnt", photo=True)  # a hazard from a service order
    faults.unit(h, "swelling")  # a hazard from a returned unit
    foreign = ProductionBatch.objects.create(
        model=foreign_model, code="R1", produced_from=date(2025, 2, 1),
        produced_to=date(2025, 2, 9), units_shipped=500,
    )  # fmt: skip
    faults.order(foreign, "swelling")
    return Seeded(batches, foreign, faults)


@pytest.fixture
def seeded(bank, foreign_model, outlet, dealer, users):
    return seed_quality(bank=bank, foreign_model=foreign_model, outlet=outlet, dealer=dealer,
                        by=users["front_desk"])  # fmt: skip


def scope_of(*brands, model_id=None) -> Scope:
    start, end = default_period(timezone.localdate())
    return Scope(brand_ids=tuple(b.pk for b in brands), start=start, end=end, model_id=model_id)


def by_code(rates):
    return {rate.batch.code: rate for rate in rates}


def test_it_counts_confirmed_faults_of_orders_and_returned_units_only(seeded, brand):
    rates = by_code(batch_failure_rates(scope_of(brand)))
    assert {code: rate.confirmed for code, rate in rates.items()} == {
        code: faults for code, (_n, faults) in PLAN.items()
    }
    assert rates["B"].hazards == 0  # the burnt unit was excluded
    assert rates["E"].hazard_faults == (("burnt", 1),)
    assert rates["H"].hazard_faults == (("swelling", 1),)


def test_it_computes_the_centre_line_and_each_batchs_limits(seeded, brand):
    rates = by_code(batch_failure_rates(scope_of(brand)))
    for code, (shipped, faults) in PLAN.items():
        rate = rates[code]
        upper, lower = limits(shipped)
        assert rate.n == shipped
        assert rate.p == pytest.approx(faults / shipped)
        assert rate.p_bar == pytest.approx(P_BAR)
        assert rate.ucl == pytest.approx(upper)
        assert rate.lcl == pytest.approx(lower)
    assert rates["A"].per_mille("ucl") == 8.45  # 3.14 ‰ + 3 · 1.77 ‰
    assert rates["D"].per_mille("ucl") == 6.9  # twice the units: narrower limits


def test_it_flags_a_batch_above_the_upper_limit(seeded, brand):
    rates = by_code(batch_failure_rates(scope_of(brand)))
    assert rates["C"].reasons == (ABOVE_UCL,)
    assert "upper control limit" in rates["C"].why
    assert not any(rates[code].flagged for code in "ABD")


def test_it_flags_a_hazard_even_below_the_limit(seeded, brand):
    rates = by_code(batch_failure_rates(scope_of(brand)))
    for code in "EH":
        assert rates[code].p < rates[code].ucl
        assert rates[code].reasons == (HAZARD,)
    assert "Swollen battery × 1" in rates["H"].why  # noqa: RUF001


def test_it_flags_a_hazard_on_a_batch_with_no_units_shipped(seeded, brand, bank):
    empty = ProductionBatch.objects.create(
        model=bank, code="Z", produced_from=date(2025, 9, 1), produced_to=date(2025, 9, 2)
    )
    seeded.faults.order(empty, "leaking")
    rate = by_code(batch_failure_rates(scope_of(brand)))["Z"]
    assert (rate.n, rate.p, rate.ucl, rate.reasons) == (0, None, None, (HAZARD,))
    assert by_code(batch_failure_rates(scope_of(brand)))["A"].p_bar == pytest.approx(P_BAR)


def test_it_keeps_to_the_scope_brands_and_period(seeded, brand, other_brand):
    assert "R1" not in by_code(batch_failure_rates(scope_of(brand)))
    assert list(by_code(batch_failure_rates(scope_of(other_brand)))) == ["R1"]
    start = timezone.localdate() - timedelta(days=7)  # only the returned units (5 days ago)
    recent = Scope(brand_ids=(brand.pk,), start=start, end=timezone.localdate())
    assert by_code(batch_failure_rates(recent))["C"].confirmed == 5


def test_the_watch_list_puts_hazards_first_then_the_worst_rates(seeded, brand, other_brand):
    listed = [rate.batch.code for rate in watch_list(scope_of(brand, other_brand))]
    assert set(listed[:3]) == {"E", "H", "R1"}
    assert listed[3:] == ["C"]
    only_bank = watch_list(scope_of(brand, other_brand, model_id=seeded.batches["A"].model_id))
    assert [rate.batch.code for rate in only_bank][-1] == "C" and len(only_bank) == 3


def test_the_chart_model_is_the_one_with_most_flagged_batches(seeded, brand, other_brand, bank):
    assert chart_model(batch_failure_rates(scope_of(brand, other_brand))) == bank.pk
    assert chart_model([]) is None


def test_the_p_chart_is_drawn_from_its_table(seeded, brand, bank):
    board = quality_board(scope_of(brand), bank.pk)
    chart = board.chart("p-chart")
    assert chart is not None
    assert chart.table.column(0) == list(PLAN)  # production order
    rates, ucl = chart.option["series"][0]["data"], chart.option["series"][2]
    assert rates[0] == 2.0  # ‰, a plain point
    assert rates[2] == {"value": 15.0, "itemStyle": {"color": "#dc3545"}, "symbolSize": 11}
    assert rates[4]["symbol"] == "triangle"  # a hazard
    assert ucl["step"] == "middle"
    assert ucl["data"] == chart.table.column(7) and ucl["data"][0] == 8.45
    assert chart.option["series"][1]["data"] == [3.14] * 6
    figures = {str(figure.label): figure.value for figure in board.figures}
    assert figures["Batches watched"] == "6" and figures["Flagged batches"] == "3"
    assert figures["Hazard faults"] == "2"


def test_a_board_without_data_has_no_chart(brand):
    board = quality_board(scope_of(brand), None)
    assert board.charts == [] and board.figures[0].value == "0"


def test_the_evidence_lists_confirmed_faults_hazards_first_with_photos(seeded, brand):
    c = seeded.batches["C"]
    seeded.faults.order(c, "swelling", photo=True)
    evidence = batch_evidence(c, scope_of(brand))
    assert evidence.rate is not None and evidence.rate.confirmed == 16
    assert [(f.code, f.orders, f.units) for f in evidence.faults] == [
        ("swelling", 1, 0), ("no_charge", 10, 5),
    ]  # fmt: skip
    assert (evidence.orders_total, evidence.units_total) == (11, 5)
    assert evidence.orders[0].hazard and evidence.orders[0].fault == "Swollen battery"
    assert evidence.orders[1].url.startswith("/browse/service-orders/")
    assert evidence.units[0].url.startswith("/returns/") and evidence.units[0].where
    assert len(evidence.photos) == 3
    assert evidence.photos[0].order.fault_code == "swelling"


def test_the_evidence_leaves_out_what_does_not_count(seeded, brand):
    evidence = batch_evidence(seeded.batches["A"], scope_of(brand))
    assert (evidence.orders_total, evidence.units_total) == (1, 1)
    assert len(evidence.orders) == 1 and len(evidence.photos) == 1
