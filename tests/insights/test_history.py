"""The generated history: as many rows as asked, consistent orders and batches, one bad
production batch per brand that the quality watch list flags, the same for the same seed,
numbers that leave room for real ones, and a demo load that happens once."""

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from sanbao.accounts.phones import validate_cn_phone
from sanbao.catalog.models import Part, ProductionBatch, ProductModel
from sanbao.claims.models import DamageClaim
from sanbao.customers.models import Customer
from sanbao.feedback.models import SurveyInvitation, SurveyResponse
from sanbao.insights.history import demo_history_load, history_generate
from sanbao.insights.history_orders import customer_phone
from sanbao.insights.quality import batch_failure_rates, watch_list
from sanbao.insights.scope import Scope, default_period
from sanbao.privacy.crypto import phone_digest
from sanbao.returns.models import ReturnBatch, ReturnUnit
from sanbao.service.models import (
    OPEN_STATUSES,
    CardSequence,
    IntakePhoto,
    ServiceOrder,
    ServiceOrderEvent,
    Status,
)
from sanbao.warranty.selectors import working_calendar

MODELS = [
    ("top", "TOP-PB10", "power_bank", 10000),
    ("top", "TOP-PB20", "power_bank", 20000),
    ("top", "TOP-PD65", "adapter", None),
    ("romoss", "RMS-PB10K", "power_bank", 10000),
    ("romoss", "RMS-AC20", "adapter", None),
    ("romoss", "RMS-CB1M", "cable", None),
]


@pytest.fixture
def shop(brand, other_brand, hq, outlet, dealer, users):
    """Both brands with their models and parts; the dealer also returns ROMOSS goods."""
    dealer.brands.add(other_brand)
    brands = {"top": brand, "romoss": other_brand}
    for code, sku, category, mah in MODELS:
        ProductModel.objects.create(
            brand=brands[code], sku=sku, name_en=sku, name_zh=sku, category=category,
            capacity_mah=mah, required_accessories=["data_cable"] if mah else [],
        )  # fmt: skip
    for code, part_code in (("top", "TOP-P-USBC"), ("romoss", "RMS-P-USBC")):
        part = Part.objects.create(
            brand=brands[code], code=part_code, name_en="USB-C port board", name_zh="接口板",
            mass_production_cost=Decimal("3.20"), standard_price=Decimal("6.40"),
        )  # fmt: skip
        part.models_served.set(ProductModel.objects.filter(brand=brands[code]))
    return brands


@pytest.fixture
def today():
    return timezone.localdate() - timedelta(days=20)


def _generate(today, **changes):
    values = {"orders": 300, "return_units": 100, "seed": 8, "today": today} | changes
    return history_generate(**values)


def _local_day(moment):
    return timezone.localtime(moment).date()


def test_it_writes_as_many_orders_and_returned_units_as_asked(shop, today):
    summary = _generate(today)
    assert ServiceOrder.objects.count() == summary.orders == 300
    assert ReturnUnit.objects.count() == 100
    assert ReturnBatch.objects.exists() and DamageClaim.objects.exists()
    assert SurveyResponse.objects.count() < SurveyInvitation.objects.count()
    assert summary.rows[ServiceOrderEvent._meta.db_table] == ServiceOrderEvent.objects.count()
    assert set(summary.bad_batches) == {"top", "romoss"}
    days = {_local_day(c) for c in ServiceOrder.objects.values_list("created_at", flat=True)}
    assert summary.first_day <= min(days) and max(days) <= today
    connection.check_constraints()  # every generated row points at rows that exist


def test_it_keeps_every_order_consistent(shop, today):
    _generate(today)
    calendar = working_calendar()
    orders = ServiceOrder.objects.select_related("brand")
    assert {o.status for o in orders} > {Status.CLOSED, Status.CANCELLED}
    assert any(o.status in OPEN_STATUSES for o in orders)
    for order in orders:
        closed = order.status in (Status.CLOSED, Status.CANCELLED)
        assert (order.closed_at is not None) == closed, order.number
        assert re.fullmatch(rf"{order.brand.card_prefix}\d{{10}}", order.number)
        if order.serious and order.brand.code == "top":  # TOP-3.2: 7 working days
            expected = calendar.add_working_days(_local_day(order.created_at), 7)
            assert order.due_on == expected, order.number
        events = list(order.events.order_by("at", "pk"))
        assert events[0].action == "register" and events[0].at == order.created_at
        for before, after in pairwise(events):
            assert after.from_status == before.to_status, order.number
            assert after.at >= before.at
        assert events[-1].to_status == order.status
        assert order.decision["coverage"] == order.coverage


def test_it_closes_most_serious_repairs_on_time(shop, today):
    _generate(today, orders=600, return_units=0)
    done = ServiceOrder.objects.filter(serious=True, due_on__isnull=False, status=Status.CLOSED)
    on_time = [o for o in done if _local_day(o.closed_at) <= o.due_on]
    assert 0.75 < len(on_time) / len(done) < 0.97


def test_it_gives_customers_valid_numbers_of_their_own(shop, today):
    _generate(today, orders=200, return_units=0)
    phones = list(Customer.objects.values_list("phone", flat=True))
    for phone in phones:
        validate_cn_phone(phone)
    assert len(set(phones)) == len(phones)


def test_it_moves_a_customer_number_someone_already_has(shop, today):
    taken = Customer.objects.create(name="王芳", phone=customer_phone(10**6))
    taken.phone = customer_phone(taken.pk + 1)
    taken.save()
    _generate(today, orders=50, return_units=0)
    digest = phone_digest(customer_phone(taken.pk + 1))
    assert Customer.objects.filter(phone_hash=digest).count() == 1


def test_it_flags_the_bad_batch_of_each_brand_and_no_other_in_the_default_period(shop, today):
    summary = _generate(today)
    start, end = default_period(today)
    scope = Scope(brand_ids=(shop["top"].pk, shop["romoss"].pk), start=start, end=end)
    rates = batch_failure_rates(scope)
    flagged = {rate.batch.pk for rate in watch_list(scope, rates=rates)}
    assert flagged == set(summary.bad_batches.values())
    for bad_id in summary.bad_batches.values():
        bad = next(rate for rate in rates if rate.batch.pk == bad_id)
        assert bad.hazards > 0 and bad.above_ucl
        same_brand = [r for r in rates if r.batch.model.brand_id == bad.batch.model.brand_id]
        assert bad.p == max(r.p or 0 for r in same_brand)


def test_it_gives_generated_batches_realistic_sizes(shop, today):
    summary = _generate(today)
    generated = ProductionBatch.objects.filter(code__regex=r"-L[0-9]+$")
    assert generated.count() == summary.production_batches
    assert all(1_000 <= n <= 500_000 for n in generated.values_list("units_shipped", flat=True))


def _fingerprint(orders):
    return [
        (o.outlet_id, o.model_id, o.production_batch_id, o.fault_code, o.status, o.coverage,
         o.created_at, o.closed_at, o.due_on, o.decision)
        for o in orders.order_by("created_at", "id")
    ]  # fmt: skip


def test_it_writes_the_same_history_for_the_same_seed(shop, today):
    _generate(today, orders=120, return_units=30)
    first = ServiceOrder.objects.all()
    before = _fingerprint(first)
    last_id = max(o.pk for o in first)
    _generate(today, orders=120, return_units=30)
    again = _fingerprint(ServiceOrder.objects.filter(pk__gt=last_id))
    assert again == before
    _generate(today, orders=120, return_units=30, seed=9)
    other = _fingerprint(ServiceOrder.objects.filter(pk__gt=last_id + 120))
    assert other != before


def test_it_leaves_room_for_real_card_numbers(shop, today):
    _generate(today, orders=200, return_units=0)
    for sequence in CardSequence.objects.select_related("brand"):
        prefix = f"{sequence.brand.card_prefix}{sequence.day:%y%m%d}"
        used = [int(n[len(prefix) :]) for n in ServiceOrder.objects.filter(
            number__startswith=prefix).values_list("number", flat=True)]  # fmt: skip
        assert max(used) == sequence.last


def test_it_refuses_a_history_that_ends_after_today(shop):
    with pytest.raises(ValueError, match="today"):
        history_generate(orders=1, return_units=0, today=timezone.localdate() + timedelta(1))


def test_it_loads_the_demo_history_once_with_evidence_photos(shop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summary = demo_history_load(orders=200, return_units=60)
    assert summary is not None
    counts = ServiceOrder.objects.count(), ReturnUnit.objects.count()
    assert demo_history_load(orders=200, return_units=60) is None
    assert (ServiceOrder.objects.count(), ReturnUnit.objects.count()) == counts
    photos = IntakePhoto.objects.filter(order__production_batch_id__in=summary.bad_batches.values())
    assert photos.count() == 6
    assert all((tmp_path / photo.image.name).stat().st_size > 1_000 for photo in photos)


def test_it_is_a_command(shop):
    out = StringIO()
    call_command("gen_history", "--orders", "40", "--return-units", "10", stdout=out)
    assert "service_serviceorder" in out.getvalue()
    assert ServiceOrder.objects.count() == 40
