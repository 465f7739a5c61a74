"""Benchmark: registering service orders through the API, against the same rows in raw SQL.

Seeds units on PostgreSQL with the project's own generator and serial import, issues an
API token to the demo front desk (outlet gz-tianhe), then serves the app with gunicorn
(gthread, one worker per core, 2 and then 4 threads each) and drives
`POST /api/v1/service-orders` from Python threads on keep-alive connections: registered
serials of brand "top" (so the registry lookup and the unit claim happen), mainland mobile
numbers of which half are new customers and half are found again, no Idempotency-Key.
Only 201 replies count as orders; anything else is an error. In the same run, rounds
alternating with the app's, the baseline writes the same rows from as many threads with
raw psycopg SQL, one transaction per order: the customer found or inserted by phone, the
unit locked and its owner claim read, the next card number of the brand's day, the order,
its register event(s), the unit claim. Its rows copy, column for column, those of an order
the app registered before the load (the decision snapshot with them); it takes the hot
card-number lock last, the cheapest order that still writes the same rows. Medians of the
rounds are reported, p50/p99 over all the orders of the chosen setting, the SQL statements
one registration sends (counted on the driver, in-process, before the load; BEGIN and
COMMIT not included) and the 1-minute load average before and after: other work on the
machine skews both sides. Prints one JSON line.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanbao_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/service_intake.py [--units 100000] [--connections 16] \\
            [--seconds 15] [--rounds 3] [--threads 2,4] [--workers 2] [--app MODULE:APP]

Give it a database of its own (it is created when missing): it migrates it, loads the demo
data into it and leaves the orders it registered there; --fresh drops it and starts over.
The load generator shares the machine with gunicorn and PostgreSQL, as the baseline does.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
BRAND = "top"
OUTLET = "gz-tianhe"
FRONT_DESK = "front_desk"
FAULTS = ("no_charge", "no_output", "port_damage", "indicator_fault", "intermittent")
FIRST_SEQUENCE = 50_000_000  # serials apart from warranty_lookup.py's (from 10,000,000)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_create(url: str, fresh: bool) -> None:
    """CREATE DATABASE for the URL's database when missing (through `postgres`, no migrating);
    with `fresh`, drops it first (its migrations were edited in place, say)."""
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
        connection.execute(f'CREATE DATABASE "{name}"')  # name checked by the caller's URL


def _seed(units: int, work: Path) -> None:
    """Imports generated serials for the brand until it has `units` (as warranty_lookup.py)."""
    import csv

    from django.core.files import File
    from django.db import connection
    from django.utils import timezone

    from sanbao.accounts.models import Brand
    from sanbao.catalog.models import SerialImport, Unit
    from sanbao.catalog.serial_generator import HEADINGS, serial_rows_generate
    from sanbao.catalog.serial_import import serial_import_run

    brand = Brand.objects.get(code=BRAND)
    existing = Unit.objects.filter(brand=brand).count()
    if existing >= units:
        return
    path = work / "serials.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
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


class Orders:
    """The bodies of one round: serials of the brand, half new phones, half earlier ones."""

    def __init__(self, serials: list[str], today: date) -> None:
        self.serials = serials
        self.today = today
        self.base = random.randrange(10**8 - 10**7)
        self.counter = itertools.count()

    def next(self, rng: random.Random) -> dict[str, Any]:
        n = next(self.counter)  # atomic under the GIL
        customer = n // 2 if n % 2 == 0 else rng.randrange(max(1, n // 2))
        return {
            "outlet": OUTLET,
            "customer": {
                "name": f"客户{customer}",
                "phone": f"139{(self.base + customer) % 10**8:08d}",
                "city": "广州市",
            },
            "serial": rng.choice(self.serials),
            "purchase_date": (self.today - timedelta(days=rng.randrange(20, 600))).isoformat(),
            "fault_code": rng.choice(FAULTS),
            "fault_description": "不充电",
            "accessories_received": ["cable"],
        }


def _drive(
    connect: Callable[[], Any],
    register: Callable[[Any, random.Random], tuple[bool, str]],
    connections: int,
    seconds: float,
) -> dict[str, Any]:
    """`connections` threads registering until the time is up; orders/s, latencies, errors."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    ready = threading.Barrier(connections + 1)
    window: dict[str, float] = {}

    def run(index: int) -> None:
        rng = random.Random(index * 7919 + time.time_ns())
        handle = connect()
        mine: list[float] = []
        failed: Counter[str] = Counter()
        ready.wait()
        deadline = window["deadline"]
        while (started := time.perf_counter()) < deadline:
            try:
                ok, why = register(handle, rng)
            except Exception as error:  # counted; the round goes on
                ok, why = False, type(error).__name__
                handle = _reconnect(handle, connect)
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                failed[why] += 1
        _close(handle)
        with lock:
            latencies.extend(mine)
            errors.update(failed)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    window["deadline"] = started + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "orders": len(latencies),
        "seconds": elapsed,
        "orders_per_s": len(latencies) / elapsed,
        "latencies": latencies,
        "errors": errors,
    }


def _reconnect(handle: Any, connect: Callable[[], Any]) -> Any:
    _close(handle)
    return connect()


def _close(handle: Any) -> None:
    with suppress(Exception):  # closing a broken connection
        handle.close()


def _app_register(port: int, token: str, orders: Orders) -> tuple[Callable[..., Any], ...]:
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def register(conn: http.client.HTTPConnection, rng: random.Random) -> tuple[bool, str]:
        body = json.dumps(orders.next(rng)).encode()
        conn.request("POST", "/api/v1/service-orders", body=body, headers=headers)
        response = conn.getresponse()
        reply = response.read()
        if response.status == 201:
            return True, ""
        code = ""
        with suppress(Exception):  # not the API's error shape
            code = json.loads(reply)["error"]["code"]
        return False, f"{response.status} {code}".strip()

    return connect, register


UNIT_LOCK = "SELECT id, model_id FROM catalog_unit WHERE serial = %s AND brand_id = %s FOR UPDATE"
CUSTOMER_LOCK = "SELECT id FROM customers_customer WHERE phone = %s FOR UPDATE"
OWNER_CLAIM = (
    "SELECT id, customer_id FROM catalog_unitclaim WHERE unit_id = %s"
    " AND (duplicate_of_id IS NULL OR review = 'genuine')"
    " ORDER BY claimed_at DESC, id DESC LIMIT 1"
)
CARD_NEXT = (
    "INSERT INTO service_cardsequence (brand_id, day, last) VALUES (%s, %s, 1)"
    " ON CONFLICT (brand_id, day) DO UPDATE SET last = service_cardsequence.last + 1"
    " RETURNING last"
)
JSONB_OID = 3802
TIMESTAMPTZ_OID = 1184


class RowInsert:
    """The INSERT of a row as the app wrote it: some columns given per order, times now()."""

    def __init__(
        self, table: str, row: dict[str, Any], types: dict[str, int], given: set[str], suffix: str
    ) -> None:
        from psycopg.types.json import Jsonb

        recent = datetime.now(ZoneInfo("UTC")) - timedelta(minutes=10)
        columns = [c for c in row if c != "id"]
        now = {
            c for c in columns
            if types[c] == TIMESTAMPTZ_OID and row[c] is not None and row[c] > recent
        }  # fmt: skip
        self.params = [c for c in columns if c not in now]
        self.constant = {
            c: Jsonb(row[c]) if types[c] == JSONB_OID else row[c]
            for c in self.params
            if c not in given
        }
        values = ", ".join("now()" if c in now else "%s" for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({values}) {suffix}"  # noqa: S608 - ours

    def values(self, **given: Any) -> list[Any]:
        return [given[c] if c in given else self.constant[c] for c in self.params]


def _row_inserts(dsn: str, number: str) -> dict[str, Any]:
    """The customer, order, events and claim of the order `number`, as INSERTs to repeat."""
    import psycopg
    from psycopg.rows import dict_row

    def rows(sql: str, value: Any) -> tuple[list[dict[str, Any]], dict[str, int]]:
        cursor = connection.cursor(row_factory=dict_row)
        found = cursor.execute(sql, [value]).fetchall()
        return found, {d.name: d.type_code for d in cursor.description or []}

    with psycopg.connect(dsn) as connection:
        (order,), order_types = rows("SELECT * FROM service_serviceorder WHERE number = %s", number)
        events, event_types = rows(
            "SELECT * FROM service_serviceorderevent WHERE order_id = %s ORDER BY id", order["id"]
        )
        (claim,), claim_types = rows("SELECT * FROM catalog_unitclaim WHERE reference = %s", number)
        (customer,), customer_types = rows(
            "SELECT * FROM customers_customer WHERE id = %s", order["customer_id"]
        )
    return {
        "customer": RowInsert(
            "customers_customer", customer, customer_types, {"name", "phone", "city"},
            "ON CONFLICT (phone) DO NOTHING RETURNING id",
        ),
        "order": RowInsert(
            "service_serviceorder", order, order_types,
            {"number", "serial", "purchase_date", "fault_code", "customer_id", "unit_id",
             "model_id"},
            "RETURNING id",
        ),
        "events": [
            RowInsert("service_serviceorderevent", event, event_types, {"order_id"}, "")
            for event in events
        ],
        "claim": RowInsert(
            "catalog_unitclaim", claim, claim_types,
            {"reference", "review", "customer_id", "duplicate_of_id", "unit_id"}, "",
        ),
        "brand": order["brand_id"],
    }  # fmt: skip


def _sql_register(
    dsn: str, inserts: dict[str, Any], prefix: str, time_zone: str, orders: Orders
) -> tuple[Callable[..., Any], ...]:
    import psycopg

    zone = ZoneInfo(time_zone)
    brand = inserts["brand"]

    def connect() -> psycopg.Connection[Any]:
        return psycopg.connect(dsn, application_name="bench baseline")

    def register(conn: psycopg.Connection[Any], rng: random.Random) -> tuple[bool, str]:
        order = orders.next(rng)
        given = order["customer"]
        with conn.transaction(), conn.cursor() as cursor:
            insert = inserts["customer"]
            phone = f"+86{given['phone']}"  # stored E.164, as the app does
            values = insert.values(name=given["name"], phone=phone, city=given["city"])
            row = cursor.execute(insert.sql, values).fetchone()
            if row is None:
                row = cursor.execute(CUSTOMER_LOCK, [phone]).fetchone()
            customer = row[0]  # type: ignore[index]
            unit = cursor.execute(UNIT_LOCK, [order["serial"], brand]).fetchone()
            if unit is None:
                return False, "unknown serial"
            owner = cursor.execute(OWNER_CLAIM, [unit[0]]).fetchone()
            flagged = owner is not None and owner[1] != customer
            day = datetime.now(zone).date()
            last = cursor.execute(CARD_NEXT, [brand, day]).fetchone()[0]  # type: ignore[index]
            number = f"{prefix}{day:%y%m%d}{last:04d}"
            insert = inserts["order"]
            values = insert.values(
                number=number, serial=order["serial"], purchase_date=order["purchase_date"],
                fault_code=order["fault_code"], customer_id=customer, unit_id=unit[0],
                model_id=unit[1],
            )  # fmt: skip
            order_id = cursor.execute(insert.sql, values).fetchone()[0]  # type: ignore[index]
            for insert in inserts["events"]:
                cursor.execute(insert.sql, insert.values(order_id=order_id))
            insert = inserts["claim"]
            values = insert.values(
                reference=number, review="pending" if flagged else "", customer_id=customer,
                duplicate_of_id=owner[0] if flagged else None, unit_id=unit[0],
            )  # type: ignore[index]  # fmt: skip
            cursor.execute(insert.sql, values)
        return True, ""

    return connect, register


def _statement_kind(text: str) -> str:
    """ "INSERT service_serviceorder", "SELECT catalog_unit", "SAVEPOINT"..."""
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


def _registrations_counted(token: str, orders: Orders, count: int = 20) -> dict[str, Any]:
    """Registers `count` orders in-process, alternately of a new and of a known customer;
    the statements each kind sends (medians), and those of a new customer's by kind."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    rng = random.Random(1)
    counts: list[Counter[str]] = []
    number = ""
    for _ in range(count):
        with _statements_counted() as counted:
            response = client.post(
                "/api/v1/service-orders", orders.next(rng), content_type="application/json"
            )
        if response.status_code != 201:
            sys.exit(f"registration failed: {response.status_code} {response.content[:300]!r}")
        number = response.json()["number"]
        counts.append(counted)
    new, known = counts[0::2], counts[1::2]  # Orders: even ones bring a new phone
    median = statistics.median(sum(c.values()) for c in new)
    typical = min(new, key=lambda c: abs(sum(c.values()) - median))
    return {
        "per_order": {
            "new_customer": median,
            "known_customer": statistics.median(sum(c.values()) for c in known),
        },
        "by_kind": dict(typical.most_common()),
        "last": number,
    }


def _setup(args: argparse.Namespace, url: str, work: Path) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sanbao.accounts.models import Brand, User
    from sanbao.accounts.tokens import api_token_issue
    from sanbao.web.demo_data import demo_data_load

    call_command("migrate", verbosity=0)
    demo_data_load()
    _seed(args.units, work)
    brand = Brand.objects.get(code=BRAND)
    _token, clear = api_token_issue(user=User.objects.get(username=FRONT_DESK), name="bench")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT serial FROM catalog_unit WHERE brand_id = %s ORDER BY random() LIMIT 20000",
            [brand.pk],
        )
        serials = [row[0] for row in cursor.fetchall()]
    today = timezone.localdate()
    queries = _registrations_counted(clear, Orders(serials, today))
    connection.close()
    return {
        "token": clear,
        "serials": serials,
        "today": today,
        "queries": queries,
        "inserts": _row_inserts(url, queries["last"]),
        "prefix": brand.card_prefix,
        "time_zone": settings.TIME_ZONE,
    }


def _serve(
    app: str, port: int, workers: int, threads: int, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn, app, "--workers", str(workers), "--worker-class", "gthread",
        "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        "--chdir", str(BENCH_DIR),
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)  # noqa: S603 - fixed arguments
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def _percentile_ms(samples: list[float], percent: int) -> float | None:
    if len(samples) < 2:
        return None
    return round(statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] * 1000, 1)


def _summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = [s for r in rounds for s in r["latencies"]]
    errors: Counter[str] = sum((r["errors"] for r in rounds), Counter())
    return {
        "orders": sum(r["orders"] for r in rounds),
        "seconds": round(sum(r["seconds"] for r in rounds), 1),
        "orders_per_s": round(statistics.median(r["orders_per_s"] for r in rounds), 1),
        "p50_ms": _percentile_ms(latencies, 50),
        "p99_ms": _percentile_ms(latencies, 99),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors.most_common(5)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000, help="registered units of TOP")
    parser.add_argument("--connections", type=int, default=16, help="client threads")
    parser.add_argument("--seconds", type=float, default=15, help="per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating app/SQL rounds")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", default="2,4", help="gunicorn threads per worker to try")
    parser.add_argument("--app", default="sanbao.config.wsgi", help="WSGI app gunicorn serves")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    _database_create(url, args.fresh)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanbao.config.settings")
    os.environ.setdefault("SANBAO_DATA_DIR", str(PROJECT_DIR / "var" / "bench"))
    with tempfile.TemporaryDirectory() as folder:
        setup = _setup(args, url, Path(folder))

    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }
    loads = [os.getloadavg()[0]]  # 1-minute load before and after: other work on the machine
    tried: dict[int, dict[str, Any]] = {}
    app_rounds: dict[int, list[dict[str, Any]]] = {}
    sql_rounds: list[dict[str, Any]] = []
    for threads in [int(t) for t in args.threads.split(",")]:
        port = _free_port()
        server = _serve(args.app, port, args.workers, threads, env)
        try:
            warm = Orders(setup["serials"], setup["today"])
            connect, register = _app_register(port, setup["token"], warm)
            _drive(connect, register, args.connections, 3)
            app_rounds[threads] = []
            for _ in range(args.rounds):
                orders = Orders(setup["serials"], setup["today"])
                connect, register = _app_register(port, setup["token"], orders)
                app_rounds[threads].append(
                    _drive(connect, register, args.connections, args.seconds)
                )
                orders = Orders(setup["serials"], setup["today"])
                sql_connect, sql_register = _sql_register(
                    url, setup["inserts"], setup["prefix"], setup["time_zone"], orders
                )
                sql_rounds.append(_drive(sql_connect, sql_register, args.connections, args.seconds))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        tried[threads] = _summary(app_rounds[threads])
    best = max(tried, key=lambda t: tried[t]["orders_per_s"])
    app, sql = tried[best], _summary(sql_rounds)
    print(
        json.dumps(
            {
                "benchmark": "service_intake",
                "database": "postgresql",
                "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
                "connections": args.connections,
                "orders": app["orders"],
                "seconds": app["seconds"],
                "orders_per_s": app["orders_per_s"],
                "p50_ms": app["p50_ms"],
                "p99_ms": app["p99_ms"],
                "errors": app["errors"],
                "error_kinds": app["error_kinds"],
                "baseline_orders_per_s": sql["orders_per_s"],
                "baseline_p50_ms": sql["p50_ms"],
                "baseline_p99_ms": sql["p99_ms"],
                "baseline_errors": sql["errors"],
                "ratio": round(app["orders_per_s"] / sql["orders_per_s"], 3)
                if sql["orders_per_s"]
                else None,
                "workers": args.workers,
                "threads": best,
                "tried": {
                    str(t): {k: s[k] for k in ("orders_per_s", "p50_ms", "p99_ms", "errors")}
                    for t, s in tried.items()
                },
                "queries_per_order": setup["queries"]["per_order"],
                "queries_by_kind": setup["queries"]["by_kind"],
                "cpu_count": os.cpu_count(),
                "load_average": [round(load, 2) for load in (*loads, os.getloadavg()[0])],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
