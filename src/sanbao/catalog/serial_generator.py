"""Realistic serial files for demos, tests and benchmarks.

Units come in production runs: consecutive serials of one model and batch, produced
within the batch's dates; most are shipped to one of the brand's dealers some days later,
some are still in factory stock. Serials read `<brand prefix><model no.><yymm><sequence>`.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from sanbao.accounts.models import Brand
from sanbao.catalog.models import ProductModel

HEADINGS = ["serial", "model_sku", "batch", "produced_on", "dealer_code", "shipped_on"]
RUN_LENGTH = 1_000
SHIPPED_SHARE = 0.85


def serial_rows_generate(
    *,
    brand: Brand,
    count: int,
    today: date,
    first_sequence: int = 1,
    seed: int = 2026,
    run_length: int = RUN_LENGTH,
) -> Iterator[list[str]]:
    """`count` rows (without the headings) for the brand's models, batches and dealers."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    runs = []  # (model number, sku, batch code, first day, days in the run)
    for number, model in enumerate(ProductModel.objects.filter(brand=brand).order_by("sku")):
        batches = list(model.batches.all())
        for batch in batches:
            if batch.produced_from > today:
                continue  # not made yet
            days = (min(batch.produced_to, today) - batch.produced_from).days
            runs.append((number, model.sku, batch.code, batch.produced_from, days))
        if not batches:
            runs.append((number, model.sku, "", today - timedelta(days=730), 700))
    if not runs:
        return
    dealers = [d.code for d in brand.dealers.all()]
    prefix = "".join(ch for ch in brand.card_prefix.upper() if ch.isalnum()) or "SN"
    sequence = first_sequence
    while count > 0:
        number, sku, batch_code, first_day, days = rng.choice(runs)
        for _ in range(min(run_length, count)):
            produced = min(today, first_day + timedelta(days=rng.randint(0, days)))
            dealer, shipped = "", ""
            if dealers and rng.random() < SHIPPED_SHARE:
                day = min(today, produced + timedelta(days=rng.randint(3, 60)))
                dealer, shipped = rng.choice(dealers), day.isoformat()
            serial = f"{prefix}{number:02d}{produced:%y%m}{sequence:08d}"
            yield [serial, sku, batch_code, produced.isoformat(), dealer, shipped]
            sequence += 1
            count -= 1
