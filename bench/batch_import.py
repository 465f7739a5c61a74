"""Benchmark: a dealer's 10,000-unit repair list imported into a draft return batch, against COPY.

Seeds ROMOSS units on PostgreSQL with the project's own generator and serial import (to
--units registered serials), then writes a repair list (CSV, or XLSX with --format xlsx)
with the headings of returns/rows.py REPAIR_LIST as a dealer's export has them: ~60% of
the rows carry a serial registered to the unit's model, ~40% none; the ROMOSS models mixed,
the category column filled on half the rows (code, English or Chinese word), Chinese
fault texts, "data_cable" (or 数据线) with most power banks, purchase dates on most rows.

Each round, in-process (Django on DATABASE_URL, DEBUG off), the demo dealer creates a fresh
draft batch and `returns.building.batch_units_import` reads, checks and stores the file in
one transaction; the stored lines are counted. The baseline then COPYs the same rows, every
column as the import stored it, into returns_returnunit for another fresh draft batch with
raw psycopg, in one committed transaction. Last, the refusal path: the same file with one
more row at the end whose serial is registered as another model (found last, after the
registry lookup), imported into a third draft: it must be refused and store nothing.
Medians of the rounds are reported, with the statements one import sends (counted on the
driver in one more import after the rounds; BEGIN and COMMIT not included) and the
1-minute load average before and after. Prints one JSON line.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanbao_bench_returns \\
        .venv/bin/python bench/batch_import.py [--rows 10000] [--rounds 3] \\
            [--format csv|xlsx] [--units 10000] [--fresh]

Give it a database of its own (it is created when missing): it migrates it, loads the demo
data into it and leaves the batches it built there (drafts); --fresh drops it and starts over.
Target (the issue): import ≤ 5 s and within 10x of the baseline.
"""

import argparse
import csv
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
BRAND = "romoss"
DEALER_USER = "dealer"  # of hz-digital in the demo data
FIRST_SEQUENCE = 70_000_000  # serials apart from the demo's and the other benchmarks'
TARGET_SECONDS = 5.0
TARGET_RATIO = 10.0
REGISTERED_SHARE = 0.6
# A dealer's Chinese export: 型号, 序列号, 故障描述, 随附配件, 类别, 购买日期.
HEADINGS = ["型号", "序列号", "故障描述", "随附配件", "类别", "购买日期"]
MODEL_WEIGHTS = {"RMS-PB10K": 35, "RMS-PB20K": 30, "RMS-PB30K": 15, "RMS-AC20": 12, "RMS-CB1M": 8}
FAULTS = [
    "不充电",
    "充不进电",
    "接口松动",
    "指示灯不亮",
    "外壳鼓包",
    "进水后无法开机",
    "无输出",
    "充电时发烫",
    "电量显示不准",
    "Type-C 口接触不良",
    "按键失灵",
    "充满后无法放电",
    "外壳开裂",
    "快充协议无法识别",
]
CATEGORY_WORDS = {  # code, English label, Chinese label
    "power_bank": ("power_bank", "Power bank", "移动电源"),
    "adapter": ("adapter", "Charger / adapter", "充电器 / 适配器"),
    "cable": ("cable", "Data cable", "数据线"),
}


def _database_create(url: str, fresh: bool) -> None:
    """CREATE DATABASE for the URL's database when missing (through `postgres`, no migrating);
    with `fresh`, drops it first."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in ("", "postgres", "template0", "template1", "test"):
        sys.exit(f"Give the benchmark a database of its own, not {name or 'none'!r}.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        connection.execute(f'CREATE DATABASE "{name}"')  # name checked above


def _seed(units: int, work: Path) -> int:
    """Imports generated serials for the brand until it has `units`; how many it has."""
    from django.core.files import File
    from django.db import connection
    from django.utils import timezone

    from sanbao.accounts.models import Brand
    from sanbao.catalog.models import SerialImport, Unit
    from sanbao.catalog.serial_generator import HEADINGS as SERIAL_HEADINGS
    from sanbao.catalog.serial_generator import serial_rows_generate
    from sanbao.catalog.serial_import import serial_import_run

    brand = Brand.objects.get(code=BRAND)
    existing = Unit.objects.filter(brand=brand).count()
    if existing >= units:
        return existing
    path = work / "serials.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SERIAL_HEADINGS)
        writer.writerows(
            serial_rows_generate(
                brand=brand,
                count=units - existing,
                today=timezone.localdate(),
                first_sequence=FIRST_SEQUENCE + existing,
            )
        )
    with path.open("rb") as handle:
        serial_import = SerialImport.objects.create(
            brand=brand, file=File(handle, name=path.name), file_name=path.name
        )
    done = serial_import_run(serial_import_id=serial_import.pk)
    if done.status != SerialImport.Status.SUCCEEDED:
        sys.exit(f"seeding failed: {done.failure} {done.errors[:3]}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_unit")
    return Unit.objects.filter(brand=brand).count()


def _dealer_user() -> Any:
    """The demo dealer user when its dealer sells ROMOSS; else another one that does; else a
    bench dealer (a copy of the first demo dealer) with a user of its own."""
    from django.contrib.auth.models import Group

    from sanbao.accounts.models import Brand, Dealer, User
    from sanbao.web.demo_data import DEALERS, _credit_code

    brand = Brand.objects.get(code=BRAND)
    users = User.objects.filter(
        is_active=True, dealer__is_active=True, dealer__brands=brand
    ).select_related("dealer")
    user = users.filter(username=DEALER_USER).first() or users.order_by("pk").first()
    if user is not None:
        return user
    row = dict(DEALERS[0])
    row.pop("brands")
    row.update(
        code="bench-romoss", name="基准测试经销商", credit_code=_credit_code("91330106MA2CX7Q9L")
    )
    dealer, _ = Dealer.objects.update_or_create(code=row.pop("code"), defaults=row)
    dealer.brands.add(brand)
    user, _ = User.objects.get_or_create(username="bench_dealer", defaults={"dealer": dealer})
    user.groups.add(Group.objects.get(name="dealer"))
    return user


def _repair_rows(count: int, seed: int = 2026) -> tuple[list[list[Any]], list[Any], dict[str, Any]]:
    """`count` rows of a repair list (cells in HEADINGS order, dates as `date`), one bad row
    (a registered serial declared as another model) and what the rows hold."""
    from django.utils import timezone

    from sanbao.catalog.models import Category, ProductModel, Unit

    rng = random.Random(seed)
    categories = dict(ProductModel.objects.filter(brand__code=BRAND).values_list("sku", "category"))
    registered = sorted(Unit.objects.filter(brand__code=BRAND).values_list("serial", "model__sku"))
    with_serial = round(count * REGISTERED_SHARE)
    if len(registered) < with_serial + 1:
        sys.exit(f"{len(registered)} registered {BRAND} units; {with_serial + 1} needed")
    picked = rng.sample(registered, with_serial + 1)
    spare_serial, spare_sku = picked.pop()
    skus = list(MODEL_WEIGHTS)
    units = picked + [
        ("", sku)
        for sku in rng.choices(skus, [MODEL_WEIGHTS[s] for s in skus], k=count - len(picked))
    ]
    rng.shuffle(units)
    today = timezone.localdate()
    rows: list[list[Any]] = []
    for serial, sku in units:
        category = categories[sku]
        if category == Category.POWER_BANK:
            roll = rng.random()
            accessories = (
                "data_cable" if roll < 0.70 else "数据线" if roll < 0.80
                else "data_cable,pouch" if roll < 0.88 else ""
            )  # fmt: skip
        else:
            accessories = "manual" if rng.random() < 0.1 else ""
        word = rng.choice(CATEGORY_WORDS[category]) if rng.random() < 0.5 else ""
        bought = today - timedelta(days=rng.randrange(15, 700)) if rng.random() < 0.7 else None
        rows.append([sku, serial, rng.choice(FAULTS), accessories, word, bought])
    wrong_sku = next(s for s in skus if s != spare_sku)  # the category cell left empty
    bad = [wrong_sku, spare_serial, "不充电", "data_cable", "", None]
    counts = {
        "rows": count,
        "rows_with_registered_serial": with_serial,
        "rows_without_serial": count - with_serial,
        "rows_by_model": dict(Counter(row[0] for row in rows).most_common()),
    }
    return rows, bad, counts


def _file_write(path: Path, rows: list[list[Any]]) -> Path:
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("返修清单")
        sheet.append(HEADINGS)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        writer.writerows(
            [*row[:5], row[5].isoformat() if isinstance(row[5], date) else ""] for row in rows
        )
    return path


def _statement_kind(text: str) -> str:
    """ "INSERT returns_returnunit", "SELECT catalog_unit", "SAVEPOINT"..."""
    words = text.split(None, 1)
    kind = words[0].upper() if words else "?"
    found = None
    if kind in ("INSERT", "UPDATE", "DELETE") and len(words) > 1:
        found = re.match(r'(?:INTO\s+|FROM\s+)?"?(\w+)', words[1], re.IGNORECASE)
    elif kind == "SELECT":
        found = re.search(r'\bFROM\s+"?(\w+)', text, re.IGNORECASE)
    return f"{kind} {found.group(1)}" if found else kind


@contextmanager
def _statements_counted() -> Iterator[Counter[str]]:
    """Counts the statements sent through psycopg (Django's cursors and raw ones alike)."""
    import psycopg

    counted: Counter[str] = Counter()
    original = psycopg.Cursor.execute

    def execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        text = query.decode() if isinstance(query, bytes) else str(query)
        counted[_statement_kind(text)] += 1
        return original(self, query, *args, **kwargs)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        psycopg.Cursor.execute = original  # type: ignore[method-assign]


class Bench:
    """The dealer, its draft batches and the timed steps of a round."""

    def __init__(self, url: str) -> None:
        import psycopg

        from sanbao.accounts.models import Brand
        from sanbao.returns.building import BatchHeader

        self.user_pk = _dealer_user().pk
        self.brand = Brand.objects.get(code=BRAND)
        self.header = BatchHeader(
            contact_person="王丽", contact_phone="13957112345", boxes=12, courier="顺丰速运"
        )
        self.raw = psycopg.connect(url, autocommit=True, application_name="bench baseline")
        self.table = "returns_returnunit"
        columns = self.raw.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND column_name NOT IN ('id', 'batch_id') ORDER BY ordinal_position",  # id: identity
            [self.table],
        ).fetchall()
        self.columns = [name for (name,) in columns]

    def user(self) -> Any:
        from sanbao.accounts.models import User

        return User.objects.select_related("dealer").get(pk=self.user_pk)  # as a request would

    def draft(self) -> Any:
        from sanbao.returns.building import batch_create

        return batch_create(brand=self.brand, header=self.header, by=self.user())

    def stored(self, batch_id: int) -> int:
        from sanbao.returns.models import ReturnUnit

        return ReturnUnit.objects.filter(batch_id=batch_id).count()

    def imported(
        self, path: Path, rows: int, counted: Counter[str] | None = None
    ) -> tuple[float, int]:
        """Seconds of one import into a fresh draft; the batch's id. Checks all was stored.
        With `counted`, adds the statements the import sent to it."""
        from sanbao.returns.building import batch_units_import

        batch, user = self.draft(), self.user()
        with (
            path.open("rb") as upload,
            _statements_counted() if counted is not None else nullcontext() as seen,
        ):
            started = time.perf_counter()
            added = batch_units_import(
                number=batch.number, upload=upload, file_name=path.name, by=user
            )
            seconds = time.perf_counter() - started
        if counted is not None:
            counted.update(seen)
        stored = self.stored(batch.pk)
        if added != rows or stored != rows:
            sys.exit(f"import of {path.name}: {added} added, {stored} stored, {rows} expected")
        return seconds, batch.pk

    def refused(self, path: Path, bad_row: int) -> float:
        """Seconds of the refused import of the file with one bad row; checks nothing was stored
        and the error names that row alone."""
        from sanbao.config.errors import DomainError
        from sanbao.returns.building import batch_units_import

        batch, user = self.draft(), self.user()
        with path.open("rb") as upload:
            started = time.perf_counter()
            try:
                batch_units_import(number=batch.number, upload=upload, file_name=path.name, by=user)
            except DomainError as error:
                seconds = time.perf_counter() - started
                code, problems = error.code, error.fields.get("rows", [])
            else:
                sys.exit("the file with a bad row was taken")
        stored = self.stored(batch.pk)
        if code != "invalid_rows" or [p["row"] for p in problems] != [bad_row] or stored:
            sys.exit(f"refusal: {code} {problems[:3]}, {stored} units stored")
        return seconds

    def copied(self, source_batch: int, rows: int) -> float:
        """Seconds of COPYing the rows the import stored (every column as stored) for a fresh
        draft, in one committed transaction. Checks they are all there."""
        names = ", ".join(self.columns)
        query = f"SELECT batch_id, {names} FROM {self.table} WHERE batch_id = %s ORDER BY line"  # noqa: S608
        cursor = self.raw.execute(query, [source_batch])
        types = [column.type_code for column in cursor.description or []]
        batch = self.draft()
        values = [(batch.pk, *row[1:]) for row in cursor.fetchall()]
        copy_sql = f"COPY {self.table} (batch_id, {names}) FROM STDIN"
        started = time.perf_counter()
        with self.raw.transaction(), self.raw.cursor() as raw, raw.copy(copy_sql) as copy:
            copy.set_types(types)
            for row in values:
                copy.write_row(row)
        seconds = time.perf_counter() - started
        stored = self.stored(batch.pk)
        if stored != rows:
            sys.exit(f"baseline: {stored} rows stored, {rows} expected")
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="units on the repair list")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--units", type=int, default=10_000, help="registered ROMOSS units")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    _database_create(url, args.fresh)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanbao.config.settings")
    os.environ.setdefault("SANBAO_DATA_DIR", str(PROJECT_DIR / "var" / "bench"))
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghij")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "false"  # as served: no query log on the connection
    import django

    django.setup()
    from django.core.management import call_command

    from sanbao.web.demo_data import demo_data_load

    call_command("migrate", verbosity=0)
    demo_data_load()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        units = _seed(args.units, work)
        rows, bad, counts = _repair_rows(args.rows)
        good = _file_write(work / f"repair-list.{args.format}", rows)
        wrong = _file_write(work / f"repair-list-bad.{args.format}", [*rows, bad])
        bench = Bench(url)
        bench.imported(_file_write(work / f"warm.{args.format}", rows[:200]), 200)  # warm up
        imports, baselines, refusals = [], [], []
        for _ in range(args.rounds):
            seconds, batch_id = bench.imported(good, args.rows)
            imports.append(seconds)
            baselines.append(bench.copied(batch_id, args.rows))
            refusals.append(bench.refused(wrong, args.rows + 2))  # the heading is row 1
        counted: Counter[str] = Counter()
        bench.imported(good, args.rows, counted)
        file_bytes = good.stat().st_size
        bench.raw.close()
    loads.append(os.getloadavg()[0])
    import_s, baseline_s = statistics.median(imports), statistics.median(baselines)
    ratio = import_s / baseline_s
    print(
        json.dumps(
            {
                "benchmark": "batch_import",
                "database": "postgresql",
                "format": args.format,
                **counts,
                "file_bytes": file_bytes,
                "registered_units": units,
                "rounds": args.rounds,
                "import_seconds": round(import_s, 3),
                "import_rows_per_s": round(args.rows / import_s),
                "baseline_seconds": round(baseline_s, 3),
                "ratio": round(ratio, 2),
                "refusal_seconds": round(statistics.median(refusals), 3),
                "target": {"seconds": TARGET_SECONDS, "ratio": TARGET_RATIO},
                "meets_target": import_s <= TARGET_SECONDS and ratio <= TARGET_RATIO,
                "import_rounds": [round(s, 3) for s in imports],
                "baseline_rounds": [round(s, 3) for s in baselines],
                "refusal_rounds": [round(s, 3) for s in refusals],
                "statements": sum(counted.values()),
                "statements_by_kind": dict(counted.most_common()),
                "cpu_count": os.cpu_count(),
                "load_average": [round(load, 2) for load in loads],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
