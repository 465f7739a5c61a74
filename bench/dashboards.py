"""Benchmark: every dashboard on 1,000,000 service orders and 200,000 returned units, against
the same SQL run directly.

Seeds PostgreSQL with the project's own history generator (sanbao.insights.history) until
the database holds --orders service orders and --units returned units (two brands, 18
months, survey answers, quotes, parts, declarations, a bad production batch per brand).

Each dashboard is requested in-process through Django's test client (DEBUG off, full
middleware, a signed-in manager who sees both brands, the default period: the last twelve
months) as the API (`/api/v1/insights/dashboards/<slug>`, JSON) and as the page
(`/insights/<slug>/`, HTML with the charts), plus the quality watch list page. While one
request runs, every statement it sends is recorded with its parameters (session and
permission look-ups included). The baseline replays exactly those statements, in order,
through a raw psycopg connection (client-side binding, as Django's) and fetches all rows.
Medians of --rounds after one warm-up round; ratio = request / its raw SQL. Also run with
a brand and a model filter. Prints one JSON line.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanbao_bench_insights \\
        .venv/bin/python bench/dashboards.py [--orders 1000000] [--units 200000] [--rounds 5]

Give it a database of its own (created when missing; --fresh drops it first).
Target (the issue): every dashboard under 300 ms and within 1.5x of its raw SQL.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
TARGET_MS = 300.0
TARGET_RATIO = 1.5
USER = "manager"


def _seed(orders: int, units: int) -> dict[str, int]:
    from django.db import connection

    from sanbao.insights.history import history_generate
    from sanbao.returns.models import ReturnUnit
    from sanbao.service.models import ServiceOrder

    have_orders, have_units = ServiceOrder.objects.count(), ReturnUnit.objects.count()
    if have_orders < orders or have_units < units:
        started = time.perf_counter()
        history_generate(
            orders=max(0, orders - have_orders), return_units=max(0, units - have_units)
        )
        print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "service_orders": ServiceOrder.objects.count(),
        "returned_units": ReturnUnit.objects.count(),
    }


class Recorder:
    """Records (sql, params) of every statement Django sends."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _timed(client: Any, path: str) -> tuple[float, list[tuple[str, Any]], int]:
    from django.db import connection

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        started = time.perf_counter()
        response = client.get(path, secure=True)  # as behind the TLS proxy
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{path}: {response.status_code} {response.content[:300]!r}")
    return seconds, recorder.statements, len(response.content)


def _replayed(raw: Any, statements: list[tuple[str, Any]]) -> float:
    import psycopg

    started = time.perf_counter()
    with psycopg.ClientCursor(raw) as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()
    return time.perf_counter() - started


def main() -> None:
    from batch_import import _database_create  # the same database handling

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=200_000, help="returned units")
    parser.add_argument("--rounds", type=int, default=5)
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
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.test import Client

    from sanbao.accounts.models import Brand, User
    from sanbao.catalog.models import ProductModel
    from sanbao.insights.dashboards import DASHBOARDS
    from sanbao.web.demo_data import demo_data_load

    call_command("migrate", verbosity=0)
    demo_data_load()
    counts = _seed(args.orders, args.units)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(username=USER))
    brand = Brand.objects.get(code="romoss")
    model = ProductModel.objects.filter(brand=brand, category="power_bank").order_by("sku").first()
    assert model is not None
    filters = {"all": "", "brand": f"?brand={brand.pk}", "model": f"?model={model.pk}"}
    paths: dict[str, str] = {}
    for slug in DASHBOARDS:
        for name, query in filters.items():
            paths[f"api {slug} {name}"] = f"/api/v1/insights/dashboards/{slug}{query}"
        paths[f"page {slug} all"] = f"/insights/{slug}/"
    paths["page quality all"] = "/insights/quality/"
    paths["page quality brand"] = f"/insights/quality/?brand={brand.pk}"
    raw = psycopg.connect(url, autocommit=True, application_name="bench baseline")
    loads = [os.getloadavg()[0]]
    results: dict[str, Any] = {}
    for name, path in paths.items():
        requests, baselines = [], []
        statements: list[tuple[str, Any]] = []
        size = 0
        for round_number in range(args.rounds + 1):
            seconds, statements, size = _timed(client, path)
            baseline = _replayed(raw, statements)
            if round_number:  # the first round warms caches
                requests.append(seconds)
                baselines.append(baseline)
        request_ms = 1000 * statistics.median(requests)
        sql_ms = 1000 * statistics.median(baselines)
        results[name] = {
            "request_ms": round(request_ms, 1),
            "raw_sql_ms": round(sql_ms, 1),
            "ratio": round(request_ms / sql_ms, 2) if sql_ms else None,
            "statements": len(statements),
            "bytes": size,
            "meets_target": request_ms < TARGET_MS and request_ms <= TARGET_RATIO * sql_ms,
        }
        print(name, results[name], file=sys.stderr)
    raw.close()
    loads.append(os.getloadavg()[0])
    slowest = max(results.items(), key=lambda item: item[1]["request_ms"])
    worst_ratio = max(results.items(), key=lambda item: item[1]["ratio"] or 0)
    print(json.dumps({
        "benchmark": "dashboards",
        "database": "postgresql",
        "rows": counts,
        "rounds": args.rounds,
        "target": {"request_ms_below": TARGET_MS, "ratio_at_most": TARGET_RATIO},
        "slowest": {"request": slowest[0], **slowest[1]},
        "worst_ratio": {"request": worst_ratio[0], **worst_ratio[1]},
        "all_meet_target": all(r["meets_target"] for r in results.values()),
        "requests": results,
        "load_average_1m": loads,
    }, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
