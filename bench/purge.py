"""Benchmark: the retention purge erases 1,000,000 expired records on PostgreSQL while a
reader keeps reading service orders.

A pristine seeded database, `<name>_seed` next to DATABASE_URL's `<name>`, is made once:
migrated, the demo data loaded, then --orders service orders (and --units returned units)
written by the project's history generator (sanbao.insights.history, COPY) as 18 months
of history that ended --shift-months months before the seeding day, so that TOP's 24 months
(PIPL-19) and ROMOSS's 6 months (ROMOSS-IV.8) are over for enough of it. No row is
rewritten to age it: the generator is told the day its history ends. What it was seeded
with is kept in the database's comment; a later run finds it there and only migrates it
(`sanbao migrate`, timed: a no-op unless a migration came since), --reseed drops it first.

Each run (one per --batch) then starts from a fresh copy: DATABASE_URL's database is dropped
and created again from the seeded one (CREATE DATABASE … TEMPLATE), and the dry run
(`purge_preview`) counts what has expired. The reader — in this process, on its own
connection, Django's test client as the manager who sees both brands, DEBUG off, full
middleware, over HTTPS — asks for `GET /api/v1/service-orders/{number}` of orders drawn at
random from all of them (old and recent), one request every --pause-ms. It first reads for
--baseline-seconds with nothing else running (the baseline), then for as long as
`purge_run(batch=…)` runs in a child process (as the Huey worker would: a process of its own).
Every statement the purge sends is timed in the child, per kind, to say where its time went.
Records = what the run's purge log counts (orders, customers, return batches, declarations).
Prints one JSON line; the reader's percentiles during the purge are set against the baseline
of the same run (ratio).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanbao_bench_purge \\
    SANBAO_DATA_DIR=/tmp/benchpurge .venv/bin/python bench/purge.py \\
        [--batch 500 --batch 2000] [--orders 1000000] [--units 20000] [--shift-months 15] \\
        [--records 1000000] [--baseline-seconds 30] [--pause-ms 5] [--explain] [--reseed]

Target (the issue): 1,000,000 records purged while the reader's p99 stays under 50 ms.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
TARGET_P99_MS = 50.0
TARGET_RECORDS = 1_000_000
USER = "manager"  # sees both brands
SAMPLE = 5_000  # order numbers the reader draws from
PROTECTED = ("", "postgres", "template0", "template1", "test")


# ---------------------------------------------------------------- databases (no Django)


def _admin(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if name in PROTECTED or not re.fullmatch(r"[a-z0-9_]+", name):
        sys.exit(f"Give the benchmark a database of its own, not {name or 'none'!r}.")
    return name


def _with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _seeded_with(url: str, seed: str) -> dict[str, Any] | None:
    """What the seeded database was made with (its comment), None when missing or unfinished."""
    import psycopg

    with psycopg.connect(_admin(url), autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [seed],
        ).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0] or "")
    except ValueError:
        return {}


def _recreate(url: str, name: str, template: str | None = None) -> float:
    """Drops the database and creates it again (as a copy of `template`); seconds taken."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(_admin(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # names checked
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copy}')
    return time.perf_counter() - started


def _comment(url: str, name: str, seeded: dict[str, Any]) -> None:
    import psycopg

    text = json.dumps(seeded).replace("'", "''")
    with psycopg.connect(_admin(url), autocommit=True) as connection:
        connection.execute(f"COMMENT ON DATABASE \"{name}\" IS '{text}'")


def _child(role: str, url: str, *options: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, str(Path(__file__).resolve()), "--role", role, *options]
    process = subprocess.Popen(  # noqa: S603 - this script, fixed arguments
        command, env=env, stdout=subprocess.PIPE, text=True
    )
    return process, env


def _child_result(process: subprocess.Popen[str]) -> dict[str, Any]:
    assert process.stdout is not None
    out = process.stdout.read()
    if process.wait() != 0:
        sys.exit(f"the {process.args[3]} step failed (exit {process.returncode})")  # type: ignore[index]
    return json.loads(out.strip().splitlines()[-1])


def _seed_database(args: argparse.Namespace, url: str, seed: str) -> dict[str, Any]:
    """The pristine seeded database: made when missing (or asked), migrated every time."""
    wanted = {"orders": args.orders, "units": args.units, "shift_months": args.shift_months}
    seeded = None if args.reseed else _seeded_with(url, seed)
    made = seeded is None or any(seeded.get(key) != value for key, value in wanted.items())
    if made:
        print(f"seeding {seed} (once; later runs copy it)…", file=sys.stderr)
        _recreate(url, seed)
    options = ["--orders", str(args.orders), "--units", str(args.units)]
    options += ["--shift-months", str(args.shift_months)] + (["--seed"] if made else [])
    process, _ = _child("prepare", _with_name(url, seed), *options)
    result = _child_result(process)
    if made:
        seeded = {**wanted, "seeded_on": date.today().isoformat(), **result}
        _comment(url, seed, seeded)
    assert seeded is not None
    return {**seeded, "made_now": made, "migrate_now_s": result["migrate_s"]}


# ---------------------------------------------------------------- child processes (Django)


def _django(debug: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanbao.config.settings")
    os.environ.setdefault("SANBAO_DATA_DIR", str(PROJECT_DIR / "var" / "bench"))
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghij")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "true" if debug else "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()


def _prepare(args: argparse.Namespace) -> None:
    """Child: migrates the seeded database; with --seed, loads the demo data and the history."""
    _django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sanbao.customers.models import Customer
    from sanbao.insights.history import history_generate
    from sanbao.policy.calendar import add_months
    from sanbao.service.models import ServiceOrder
    from sanbao.web.demo_data import demo_data_load

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    result: dict[str, Any] = {"migrate_s": round(time.perf_counter() - started, 1)}
    if args.seed:
        demo_data_load()
        started = time.perf_counter()
        ends = add_months(timezone.localdate(), -args.shift_months)
        summary = history_generate(
            orders=args.orders, return_units=args.units, today=ends, skip_fk_checks=True
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        result |= {
            "seed_s": round(time.perf_counter() - started, 1),
            "history": [summary.first_day.isoformat(), summary.last_day.isoformat()],
            "service_orders": ServiceOrder.objects.count(),
            "customers": Customer.objects.count(),
        }
    print(json.dumps(result))


def _statement_kind(sql: str) -> str:
    verb = sql.lstrip().split(None, 1)[0].upper()
    table = re.search(r'(?:FROM|UPDATE|INTO)\s+"(\w+)"', sql)
    kind = f"{verb} {table.group(1) if table else '?'}"
    if verb == "SELECT" and "LIMIT" in sql and '"id" >' in sql:
        kind += " (batch ids)"
    return kind


def _purge(args: argparse.Namespace) -> None:
    """Child: one purge_run(batch=…), every statement timed; prints its log as JSON."""
    _django()
    from django.db import connection

    from sanbao.privacy.purge import purge_run

    timings: dict[str, list[float]] = defaultdict(list)

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings[_statement_kind(sql)].append(time.perf_counter() - started)

    connection.ensure_connection()
    print("ready", flush=True)
    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        run = purge_run(batch=args.batch[0])
        seconds = time.perf_counter() - started
    if run is None:
        sys.exit("another purge run is under way")
    entries = {
        f"{entry.record_type}{'/' + entry.brand.code if entry.brand else ''}": entry.count
        for entry in run.entries.select_related("brand")
    }
    statements = {
        kind: {
            "count": len(times),
            "total_s": round(sum(times), 2),
            "p50_ms": round(1000 * statistics.median(times), 2),
            "max_ms": round(1000 * max(times), 1),
        }
        for kind, times in sorted(timings.items(), key=lambda item: -sum(item[1]))
        if sum(times) >= 0.05
    }
    print(json.dumps({"seconds": seconds, "status": run.status, "entries": entries,
                      "statements": statements}))  # fmt: skip


# ---------------------------------------------------------------- the run (Django here too)


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)

    def at(share: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

    return {"n": len(ordered), "p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "max_ms": round(1000 * ordered[-1], 1)}  # fmt: skip


class Reader:
    """GET /api/v1/service-orders/{number} as the manager, one random order after another."""

    def __init__(self, pause: float) -> None:
        from django.db import connection
        from django.test import Client

        from sanbao.accounts.models import User

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT number FROM service_serviceorder ORDER BY random() LIMIT %s",
                [SAMPLE],
            )
            self.numbers = [row[0] for row in cursor.fetchall()]
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")
        self.client.force_login(User.objects.get(username=USER))
        self.pause, self.rng = pause, random.Random(9)

        self.in_database: list[float] = []  # of each request: its statements' time

    def _timed(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.in_database[-1] += time.perf_counter() - started

    def read(self) -> float:
        from django.db import connection

        number = self.rng.choice(self.numbers)
        self.in_database.append(0.0)
        with connection.execute_wrapper(self._timed):
            started = time.perf_counter()
            response = self.client.get(f"/api/v1/service-orders/{number}", secure=True)
            seconds = time.perf_counter() - started
        if response.status_code != 200:
            sys.exit(f"{number}: {response.status_code} {response.content[:300]!r}")
        time.sleep(self.pause)
        return seconds

    def for_seconds(self, seconds: float) -> list[float]:
        until = time.perf_counter() + seconds
        latencies = []
        while time.perf_counter() < until:
            latencies.append(self.read())
        return latencies

    def database_part(self, last: int) -> dict[str, float]:
        """Percentiles of the time the last `last` requests spent in their statements."""
        return _percentiles(self.in_database[-last:])


def _explain() -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each kind of work's first batch query, to stderr."""
    from django.db import connection
    from django.utils import timezone

    from sanbao.privacy.purge import _work_list

    for work in _work_list(timezone.localdate()):
        query = work.expired.filter(pk__gt=0).order_by("pk").values_list("pk", flat=True)[:500]
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        label = f"{work.schedule.record.code} {work.brand.code if work.brand else ''}"
        print(f"--- {label}\n{sql % tuple(repr(p) for p in params)}\n{plan}", file=sys.stderr)


def _run(args: argparse.Namespace, url: str, name: str, seed: str, batch: int) -> dict[str, Any]:
    from django.db import connections

    from sanbao.privacy.purge import purge_preview

    connections.close_all()
    copy_s = _recreate(url, name, template=seed)
    process, _ = _child("prepare", url)  # migrations that came since the seeded one's
    migrate_s = _child_result(process)["migrate_s"]
    started = time.perf_counter()
    expired = {
        f"{work.schedule.record.code}{'/' + work.brand.code if work.brand else ''}": count
        for work, count in purge_preview()
    }
    preview_s = time.perf_counter() - started
    if args.explain:
        _explain()
    reader = Reader(args.pause_ms / 1000)
    reader.for_seconds(3)  # warm-up
    loads = [os.getloadavg()[0]]
    baseline = reader.for_seconds(args.baseline_seconds)
    baseline_database = reader.database_part(len(baseline))
    process, _ = _child("purge", url, "--batch", str(batch))
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        sys.exit("the purge did not start")
    during = []
    while process.poll() is None:
        during.append(reader.read())
    loads.append(os.getloadavg()[0])
    during_database = reader.database_part(len(during))
    purged = _child_result(process)
    connections.close_all()
    records = sum(purged["entries"].values())
    if records < args.records:
        print(f"only {records} records purged: seed with more --shift-months or --orders "
              "(--reseed)", file=sys.stderr)  # fmt: skip
    base, load = _percentiles(baseline), _percentiles(during)
    result = {
        "batch": batch,
        "records_purged": records,
        "purged": purged["entries"],
        "dry_run_before": expired,  # customers freed by this run's order purge not in it
        "purge_s": round(purged["seconds"], 1),
        "records_per_s": round(records / purged["seconds"]),
        "status": purged["status"],
        "reader_during_purge": load,
        "reader_baseline": base,
        "ratio_p50": round(load["p50_ms"] / base["p50_ms"], 2),
        "ratio_p99": round(load["p99_ms"] / base["p99_ms"], 2),
        "p99_below_target": load["p99_ms"] < TARGET_P99_MS,
        "reader_statements_during_purge": during_database,
        "reader_statements_baseline": baseline_database,
        "purge_statements": purged["statements"],
        "copy_s": round(copy_s, 1),
        "migrate_copy_s": migrate_s,
        "preview_s": round(preview_s, 1),
        "load_average_1m": loads,
    }
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, action="append", help="batch size (repeatable)")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=20_000, help="returned units")
    parser.add_argument(
        "--shift-months", type=int, default=15, help="history ends this long before seeding"
    )
    parser.add_argument("--records", type=int, default=TARGET_RECORDS, help="expired at least")
    parser.add_argument("--baseline-seconds", type=float, default=30.0)
    parser.add_argument("--pause-ms", type=float, default=5.0, help="between two reads")
    parser.add_argument("--explain", action="store_true", help="plans of the batch queries")
    parser.add_argument("--reseed", action="store_true", help="seed the template again")
    parser.add_argument("--role", choices=["run", "prepare", "purge"], default="run",
                        help=argparse.SUPPRESS)  # fmt: skip
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.batch = args.batch or [500]
    if args.role == "prepare":
        return _prepare(args)
    if args.role == "purge":
        return _purge(args)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    name = _name(url)
    seed = f"{name}_seed"
    seeded = _seed_database(args, url, seed)
    _django()
    runs = [_run(args, url, name, seed, batch) for batch in args.batch]
    print(json.dumps({
        "benchmark": "purge",
        "database": "postgresql",
        "target": {"records_at_least": args.records, "reader_p99_ms_below": TARGET_P99_MS},
        "seeded": seeded,
        "reader": {"request": "GET /api/v1/service-orders/{number}", "user": USER,
                   "pause_ms": args.pause_ms, "baseline_s": args.baseline_seconds},
        "runs": runs,
        "all_meet_target": all(
            r["p99_below_target"] and r["records_purged"] >= args.records for r in runs
        ),
    }, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
