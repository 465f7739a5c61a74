"""Production batches for generated history, one of them bad per brand, and their shipped
units: the denominator of the failure rate the quality watch list puts on a p-chart.

Orders and returned units pick batches in proportion to each batch's planned size (six
times that for the bad one), among those on sale at the time. Afterwards each batch's
`units_shipped` is set from the confirmed faults the watch list counts in its default
period (the last twelve months), so that there ordinary batches differ from the common
rate by no more than sampling noise (inside the control limits) while the bad batch
fails about six times as often. Other periods count other faults against the same units
and draw a noisier chart.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from sanbao.catalog.models import Category, ProductionBatch
from sanbao.insights.history_setting import (
    BAD_SUPPLIER,
    CELL_SUPPLIERS,
    SHELF_DAYS,
    BrandSetting,
    ModelSetting,
    Setting,
)
from sanbao.insights.quality import batch_faults
from sanbao.insights.scope import Scope, default_period

BAD_FACTOR = 6.0
RATE = 0.025  # confirmed faults per unit shipped that the batch count is planned for
MEAN_SIZE = 22_000
MIN_BATCHES = 8  # of each model
SHIPPING_LAG = 10  # days from the end of production to the first sale
_BATTERY = (Category.POWER_BANK, Category.HEADPHONES)


@dataclass
class PlannedBatch:
    code: str
    produced_from: date
    produced_to: date
    cell_supplier: str
    size: int
    bad: bool = False


def production_batches_prepare(
    *, setting: Setting, failures: float, rng: random.Random
) -> dict[int, int]:
    """Creates (or finds) each model's batches and loads the pools; planned size by id."""
    planned: dict[int, int] = {}
    total_weight = sum(b.weight for b in setting.brands) or 1.0
    for brand in setting.brands:
        bad_model = _bad_model(brand)
        model_weight = sum(m.weight for m in brand.models) or 1.0
        for model in brand.models:
            share = brand.weight / total_weight * model.weight / model_weight
            count = max(MIN_BATCHES, round(failures * share / (RATE * MEAN_SIZE)))
            rows = _plan(model.sku, model.category, count, setting, rng)
            if model is bad_model:
                _make_bad(rows, setting.today)
            ids = _stored(model.id, rows)
            warranty = setting.templates.order(model.id, "no_output", "in").warranty_days or 365
            for row in rows:
                batch_id = ids[row.code]
                weight = (
                    row.size * (BAD_FACTOR if row.bad else 1.0) / _exposure(row, warranty, setting)
                )
                model.batches.add(batch_id, row.produced_to + timedelta(SHIPPING_LAG), weight)
                planned[batch_id] = row.size
                if row.bad:
                    brand.bad_batch = batch_id
    return planned


def _exposure(row: PlannedBatch, warranty: int, setting: Setting) -> int:
    """Days of the period in which the batch's units are in warranty and on sale: its
    weight is spread over them, so that its faults come out in proportion to its size."""
    ready = row.produced_to + timedelta(SHIPPING_LAG)
    ends = ready + timedelta(days=warranty + SHELF_DAYS)
    return max(30, (min(ends, setting.today) - max(ready, setting.first_day)).days)


def _bad_model(brand: BrandSetting) -> ModelSetting | None:
    banks = [m for m in brand.models if m.model.category == Category.POWER_BANK]
    return max(banks, key=lambda m: m.weight) if banks else None


def _plan(
    sku: str, category: str, count: int, setting: Setting, rng: random.Random
) -> list[PlannedBatch]:
    start = setting.first_day - timedelta(days=730)
    span = (setting.today - timedelta(days=25) - start).days
    lines: dict[str, int] = defaultdict(int)
    rows: list[PlannedBatch] = []
    for n in range(count):
        produced_from = start + timedelta(days=int(span * (n + rng.uniform(0.1, 0.9)) / count))
        month = f"{produced_from:%y%m}"
        lines[month] += 1
        rows.append(PlannedBatch(
            code=f"{sku}-{month}-L{lines[month]}",
            produced_from=produced_from,
            produced_to=produced_from + timedelta(days=rng.randint(4, 20)),
            cell_supplier=rng.choice(CELL_SUPPLIERS) if category in _BATTERY else "",
            size=int(round(math.exp(rng.uniform(math.log(8_000), math.log(45_000))), -2)),
        ))  # fmt: skip
    return rows


def _make_bad(rows: list[PlannedBatch], today: date) -> None:
    """The batch that went on sale about ten months ago, made with a new supplier's cells."""
    target = today - timedelta(days=300)
    bad = min(rows, key=lambda row: abs((row.produced_to - target).days))
    bad.bad, bad.size, bad.cell_supplier = True, 10_000, BAD_SUPPLIER


def _stored(model_id: int, rows: list[PlannedBatch]) -> dict[str, int]:
    codes = [row.code for row in rows]
    batches = ProductionBatch.objects.filter(model_id=model_id, code__in=codes)
    existing = set(batches.values_list("code", flat=True))
    ProductionBatch.objects.bulk_create([
        ProductionBatch(
            model_id=model_id, code=row.code, produced_from=row.produced_from,
            produced_to=row.produced_to, cell_supplier=row.cell_supplier,
            units_shipped=row.size,
        )
        for row in rows if row.code not in existing
    ])  # fmt: skip
    return dict(batches.values_list("code", "pk"))


def units_shipped_set(
    *, planned: dict[int, int], bad: set[int], brand_ids: tuple[int, ...], today: date,
    rng: random.Random,
) -> None:  # fmt: skip
    """Sets each batch's shipped units from the confirmed faults the quality watch list
    counts in its default period (see the module's note): there, ordinary batches sit
    inside their control limits and the bad one stands out."""
    batches = ProductionBatch.objects.filter(model__brand_id__in=brand_ids)
    scope = Scope(brand_ids, *default_period(today))
    counts = {pk: sum(faults.values()) for pk, faults in batch_faults(scope, batches).items()}
    normal = [pk for pk in planned if pk not in bad]
    rate = sum(counts.get(pk, 0) for pk in normal) / max(1, sum(planned[pk] for pk in normal))
    shipped = {}
    for pk in sorted(planned):
        faults = counts.get(pk, 0)
        if faults == 0 or rate <= 0:
            shipped[pk] = max(1_000, planned[pk] // 3)
            continue
        sigma = math.sqrt((1 - rate) / faults)
        limit = min(1.5 * sigma, 0.3)
        noise = max(-limit, min(limit, rng.gauss(0, 0.6 * sigma)))
        if pk in bad:
            shipped[pk] = max(faults, round(faults / (rate * BAD_FACTOR * (1 + noise))))
        else:  # a young batch has shipped many units that have not failed yet
            shipped[pk] = max(round(faults / (rate * (1 + noise))), planned[pk] * 7 // 20)
    _inside_limits(shipped, counts, set(normal), batches)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {ProductionBatch._meta.db_table} SET units_shipped = %s WHERE id = %s",  # noqa: S608
            [(units, pk) for pk, units in shipped.items()],
        )


def _inside_limits(
    shipped: dict[int, int], counts: dict[int, int], normal: set[int], batches: QuerySet[Any]
) -> None:
    """Ships more units from an ordinary batch that would still cross its model's upper
    control limit (young batches keep a floor of units, which lowers the centre line), so
    that it sits two standard deviations above the line the watch list draws, at most.
    Only ever more units: the rounds settle."""
    models: dict[int, list[int]] = defaultdict(list)
    sizes = {}
    for pk, model_id, units in batches.values_list("pk", "model_id", "units_shipped"):
        models[model_id].append(pk)
        sizes[pk] = shipped.get(pk, units)
    for _round in range(10):
        moved = False
        for members in models.values():
            total = sum(sizes[pk] for pk in members)
            p_bar = sum(counts.get(pk, 0) for pk in members if sizes[pk]) / total if total else 0
            spread = math.sqrt(p_bar * (1 - p_bar)) if 0 < p_bar < 1 else 0.0
            for pk in members:
                n, c = sizes[pk], counts.get(pk, 0)
                if spread and pk in normal and c / n > p_bar + 2 * spread / math.sqrt(n):
                    # c / n = p̄ + 2·spread/√n, solved for 1/√n
                    root = (spread + math.sqrt(spread**2 + c * p_bar)) / c
                    sizes[pk] = math.ceil(1 / root**2) + 1
                    moved = True
        if not moved:
            break
    shipped.update({pk: sizes[pk] for pk in shipped})
