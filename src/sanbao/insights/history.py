"""Realistic after-sales history for the dashboards, the demo and the benchmark.

`history_generate()` writes months of service orders (customers, timelines, quotes, parts,
parcels, surveys), dealer return batches with their units, damage declarations and
production batches — one bad batch per brand that the quality watch list must flag —
spread over the months before today, deterministic for a seed (ids, card numbers and
survey token hashes apart). Rows stream in chunks: COPY on PostgreSQL (a million orders
in a few minutes), INSERTs elsewhere. `demo_history_load()` is the demo's share of it.
"""

import io
import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from sanbao.accounts.models import Brand
from sanbao.catalog.models import DealerShipment, ProductionBatch, ProductModel
from sanbao.claims.models import ClaimSequence
from sanbao.insights.history_batches import production_batches_prepare, units_shipped_set
from sanbao.insights.history_claims import claim_plans, claim_rows
from sanbao.insights.history_decisions import DecisionTemplates
from sanbao.insights.history_feedback import Feedback
from sanbao.insights.history_orders import OrderHistory
from sanbao.insights.history_returns import ReturnHistory, batch_plans, dealer_shipments_add
from sanbao.insights.history_setting import (
    DAY,
    Setting,
    brand_settings,
    day_start,
    history_batches_filter,
    local_day,
    local_hour,
    numbers_reserve,
    staff_by_role,
)
from sanbao.insights.history_tables import (
    Chunk,
    ChunkWriter,
    chunk_write,
    is_postgresql,
    tables_tidy,
)
from sanbao.policy.calendar import add_months
from sanbao.policy.codes import FAULTS, NO_FAULT
from sanbao.returns.models import BatchSequence
from sanbao.service.models import CardSequence, IntakePhoto, ServiceOrder
from sanbao.warranty.selectors import working_calendar

CHUNK_ORDERS = 20_000
CHUNK_UNITS = 20_000
DEMO_ORDERS = 2_500
DEMO_RETURN_UNITS = 1_200
DEMO_SEED = 8
HAZARD_CODES = tuple(code for code, fault in FAULTS.items() if fault.hazard)


@dataclass(frozen=True)
class HistorySummary:
    rows: dict[str, int]  # rows written per table
    bad_batches: dict[str, int]  # brand code → the production batch that fails too often
    production_batches: int
    seconds: float
    first_day: date
    last_day: date
    phases: dict[str, float] = field(default_factory=dict)  # seconds each step took

    @property
    def orders(self) -> int:
        return self.rows.get(ServiceOrder._meta.db_table, 0)


@dataclass
class _Tally:
    rows: Counter[str] = field(default_factory=Counter)

    def add(self, chunk: Chunk) -> None:
        for table, rows in chunk:
            self.rows[table.name] += len(rows)


def history_generate(
    *, orders: int, return_units: int, months: int = 18, seed: int = 8,
    today: date | None = None, brands: list[Brand] | None = None, skip_fk_checks: bool = False,
) -> HistorySummary:  # fmt: skip
    """Writes the history of the months up to `today` (the local date by default).

    `skip_fk_checks` (PostgreSQL, a superuser, outside a transaction) writes without the
    foreign-key triggers: about half the time for the benchmark's million orders."""
    started = time.perf_counter()
    if orders < 0 or return_units < 0 or months < 1:
        raise ValueError("Counts cannot be negative and the period is at least a month.")
    real_today = timezone.localdate()
    today = today or real_today
    if today > real_today:
        raise ValueError("History ends today at the latest.")
    phases: dict[str, float] = {}
    clock = _Clock(phases)
    with transaction.atomic() if not is_postgresql() else nullcontext():
        setting = _setting(today=today, months=months, seed=seed, brands=brands)
        failures = orders * 0.85 * 0.9 + return_units * 0.8 * 0.88
        planned = production_batches_prepare(
            setting=setting, failures=failures, rng=_rng(seed, "batches")
        )
        clock.lap("setting and production batches")
        tally = _Tally()
        weights = day_weights(setting)
        feedback = Feedback(
            rng=_rng(seed, "feedback"), moment=setting.moment,
            progress_of=_progress(setting), manager=setting.staff["manager"],
        )  # fmt: skip
        writer = ChunkWriter(skip_fk_checks=skip_fk_checks)
        try:
            _orders(setting, orders, weights, feedback, writer, tally)
            _returns(setting, return_units, weights, feedback, writer, tally)
        finally:
            writer.close()
        _claims(setting, return_units, weights, tally)
        clock.lap("orders, returns, claims")
        tables_tidy([name for name, count in tally.rows.items() if count])
        clock.lap("vacuum and statistics")
        bad = {b.brand.code: b.bad_batch for b in setting.brands if b.bad_batch is not None}
        units_shipped_set(
            planned=planned, bad=set(bad.values()), today=today,
            brand_ids=tuple(b.id for b in setting.brands), rng=_rng(seed, "shipped"),
        )  # fmt: skip
        clock.lap("units shipped per batch")
    return HistorySummary(
        rows=dict(tally.rows), bad_batches=bad, production_batches=len(planned),
        seconds=round(time.perf_counter() - started, 1), first_day=setting.first_day,
        last_day=today, phases=phases,
    )  # fmt: skip


class _Clock:
    def __init__(self, phases: dict[str, float]) -> None:
        self.phases, self.last = phases, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.last, 1)
        self.last = now


def _rng(seed: int, part: str) -> random.Random:
    """A random stream of its own for each part, so that one part's size leaves the others
    as they were."""
    return random.Random(f"{seed}:{part}")  # noqa: S311 - made-up history, not secrets


def _setting(*, today: date, months: int, seed: int, brands: list[Brand] | None) -> Setting:
    chosen = sorted(
        brands if brands is not None else Brand.objects.filter(is_active=True),
        key=lambda brand: brand.code,
    )
    models = {
        model.pk: model
        for model in ProductModel.objects.filter(brand__in=chosen).select_related("brand")
    }
    templates = DecisionTemplates(claim_date=today, models=models)
    staff = staff_by_role()
    settings = brand_settings(
        brands=chosen, templates=templates, staff=staff, today=today,
        rng=_rng(seed, "setting"),
    )  # fmt: skip
    if not settings:
        raise LookupError("No active brand has outlets and product models to make history of.")
    moment = time.time() if today == timezone.localdate() else day_start(today) + DAY - 1
    return Setting(
        brands=settings, today=today, moment=moment,
        first_day=add_months(today, -months) + timedelta(days=1),
        calendar=working_calendar(), templates=templates, staff=staff, seed=seed,
    )  # fmt: skip


def day_weights(setting: Setting) -> list[float]:
    """How busy each day is: busier lately and at weekends, quieter on public holidays,
    today only as far as it has gone."""
    days = setting.days
    weights = []
    for n, day in enumerate(days):
        weight = 0.8 + 0.4 * n / max(1, len(days) - 1)
        if day.weekday() >= 5:
            weight *= 1.2 if day.weekday() == 5 else 1.1
        elif not setting.calendar.is_working_day(day):
            weight *= 0.6
        weights.append(weight)
    if local_day(setting.moment) == setting.today:
        weights[-1] *= max(0.0, min(1.0, (local_hour(setting.moment) - 9.2) / 10.3))
    return weights


def _progress(setting: Setting) -> Callable[[float], float]:
    start = day_start(setting.first_day)
    span = max(1.0, setting.moment - start)
    return lambda moment: (moment - start) / span


def _spread(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """`total` split in proportion to the weights, exactly (largest remainders)."""
    whole = sum(weights) or 1.0
    shares = [total * w / whole * rng.uniform(0.9, 1.1) for w in weights]
    scale = total / (sum(shares) or 1.0)
    shares = [s * scale for s in shares]
    counts = [int(s) for s in shares]
    rest = sorted(range(len(shares)), key=lambda n: counts[n] - shares[n])
    for n in rest[: total - sum(counts)]:
        counts[n] += 1
    return counts


def _orders(
    setting: Setting, orders: int, weights: list[float], feedback: Feedback,
    writer: ChunkWriter, tally: _Tally,
) -> None:  # fmt: skip
    rng = _rng(setting.seed, "orders")
    counts: dict[tuple[int, date], int] = {}
    shares = _spread(orders, [b.weight for b in setting.brands], rng)
    for brand, share in zip(setting.brands, shares, strict=True):
        for day, count in zip(setting.days, _spread(share, weights, rng), strict=True):
            if count:
                counts[(brand.id, day)] = count
    numbers = numbers_reserve(model=CardSequence, counts=counts)
    history = OrderHistory(
        setting=setting, counts=counts, numbers=numbers, feedback=feedback, rng=rng,
        hazard_every=_hazard_every(setting, orders),
    )  # fmt: skip
    for chunk in history.chunks(size=CHUNK_ORDERS):
        tally.add(chunk)
        writer.write(chunk)


def _returns(
    setting: Setting, units: int, weights: list[float], feedback: Feedback,
    writer: ChunkWriter, tally: _Tally,
) -> None:  # fmt: skip
    rng = _rng(setting.seed, "returns")
    plans = batch_plans(setting=setting, units=units, weights=weights, rng=rng)
    keys = [(plan.brand.id, local_day(plan.created)) for plan in plans]
    numbers = numbers_reserve(model=BatchSequence, counts=Counter(keys))
    given: Counter[tuple[int, date]] = Counter()
    for plan, key in zip(plans, keys, strict=True):
        plan.number = f"{plan.brand.prefix}R{key[1]:%y%m%d}{numbers[key] + given[key]:03d}"
        given[key] += 1
    tally.rows[DealerShipment._meta.db_table] += dealer_shipments_add(
        setting=setting, plans=plans, rng=rng
    )
    history = ReturnHistory(setting=setting, plans=plans, feedback=feedback, rng=rng,
                            hazard_every=_hazard_every(setting, units))  # fmt: skip
    for chunk in history.chunks(size=CHUNK_UNITS):
        tally.add(chunk)
        writer.write(chunk)


def _claims(setting: Setting, units: int, weights: list[float], tally: _Tally) -> None:
    rng = _rng(setting.seed, "claims")
    count = max(4, units // 200) if units else 0
    plans = claim_plans(setting=setting, count=count, weights=weights, rng=rng)
    numbers = numbers_reserve(model=ClaimSequence, counts=Counter(plan.key for plan in plans))
    chunk = claim_rows(setting=setting, plans=plans, numbers=numbers, rng=rng)
    tally.add(chunk)
    chunk_write(chunk)


def _hazard_every(setting: Setting, records: int) -> int:
    """Every how many of a bad batch's records one is a hazard: a handful in all."""
    expected = 0.0
    whole = sum(b.weight for b in setting.brands) or 1.0
    for brand in setting.brands:
        models = sum(m.weight for m in brand.models) or 1.0
        for model in brand.models:
            pool = model.batches
            if brand.bad_batch in pool.ids and pool.cumulative:
                index = pool.ids.index(brand.bad_batch)
                before = pool.cumulative[index - 1] if index else 0.0
                bad_share = (pool.cumulative[index] - before) / pool.cumulative[-1]
                expected += records * brand.weight / whole * model.weight / models * bad_share
    return max(12, round(expected * 0.85 / 25))


def demo_history_load(
    *, orders: int = DEMO_ORDERS, return_units: int = DEMO_RETURN_UNITS
) -> HistorySummary | None:
    """The demo's eighteen months of history, once: nothing when it is there already."""
    if ProductionBatch.objects.filter(history_batches_filter()).exists():
        return None
    summary = history_generate(orders=orders, return_units=return_units, seed=DEMO_SEED)
    for batch_id in summary.bad_batches.values():
        _evidence_photos(batch_id)
    return summary


def _evidence_photos(batch_id: int, count: int = 3) -> None:
    """Photos taken at intake of the bad batch's units: its hazards first."""
    orders = ServiceOrder.objects.filter(production_batch_id=batch_id).exclude(fault_code=NO_FAULT)
    hazards = list(orders.filter(fault_code__in=HAZARD_CODES).order_by("created_at")[:count])
    others = orders.exclude(fault_code__in=HAZARD_CODES).order_by("created_at")
    for order in [*hazards, *others[: count - len(hazards)]]:
        photo = IntakePhoto(order=order, extension="jpg")
        jpeg = _photo_jpeg(order.number, order.fault_code)
        photo.image.save("photo.jpg", ContentFile(jpeg), save=True)
        IntakePhoto.objects.filter(pk=photo.pk).update(uploaded_at=order.created_at)


def _photo_jpeg(label: str, fault_code: str) -> bytes:
    """A power bank seen from the side: swollen, scorched, or as it came."""
    image = Image.new("RGB", (640, 480), "#d8d4cc")
    draw = ImageDraw.Draw(image)
    body = [(110, 200), (530, 300)]
    if fault_code == "swelling":
        draw.ellipse([(150, 130), (490, 250)], fill="#2f3437", outline="black", width=4)
    draw.rounded_rectangle(body, radius=24, fill="#2f3437", outline="black", width=4)
    if fault_code == "swelling":  # the casing split along its seam
        draw.line([(170, 202), (260, 196), (330, 204), (470, 199)], fill="#c9a227", width=4)
    if fault_code == "burnt":
        for box in ([(440, 210), (540, 295)], [(470, 190), (560, 260)]):
            draw.ellipse(box, fill="#111111")
    draw.rectangle([(515, 235), (535, 265)], fill="#9aa0a6")  # the USB-C port
    draw.text((20, 20), label, fill="black")
    draw.text((20, 440), FAULTS[fault_code].en, fill="#7a1f1f")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
