"""Benchmark: the public warranty check under load, against a bare psycopg WSGI app.

Seeds units on PostgreSQL with the project's own generator and serial import (timing the
import of the whole file), then serves the app with gunicorn (gthread) and drives
`GET /api/v1/warranty/{serial}` with wrk over random registered serials; in the same run
serves bench/bare_lookup_wsgi.py (the same indexed SELECT through psycopg, no framework)
with the same gunicorn settings. Rounds alternate app/bare; medians are reported.
Prints one JSON line.

    apt-get install -y wrk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanbao_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/warranty_lookup.py [--units 1000000] [--connections 32]

Give it a database of its own: it migrates it and loads the demo data into it. A second
run reuses the seeded units (import_seconds is then null); --reseed drops and re-imports.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _seed(units: int, reseed: bool, work: Path) -> float | None:
    """Imports `units` generated serials for brand "top" unless there already; seconds taken."""
    from django.core.files import File
    from django.db import connection
    from django.utils import timezone

    from sanbao.accounts.models import Brand
    from sanbao.catalog.models import SerialImport, Unit
    from sanbao.catalog.serial_generator import HEADINGS, serial_rows_generate
    from sanbao.catalog.serial_import import serial_import_run

    brand = Brand.objects.get(code="top")
    if reseed:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE catalog_unit CASCADE")
    existing = Unit.objects.filter(brand=brand).count()
    if existing >= units:
        return None
    import csv

    path = work / "serials.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        writer.writerows(
            serial_rows_generate(
                brand=brand,
                count=units - existing,
                today=timezone.localdate(),
                first_sequence=10_000_000,
            )
        )
    with path.open("rb") as handle:
        serial_import = SerialImport.objects.create(
            brand=brand, file=File(handle, name=path.name), file_name=path.name
        )
    started = time.monotonic()
    done = serial_import_run(serial_import_id=serial_import.pk)
    seconds = time.monotonic() - started
    if done.status != SerialImport.Status.SUCCEEDED:
        sys.exit(f"seeding failed: {done.failure} {done.errors[:3]}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_unit")
    return round(seconds, 1)


def _lua(serials: list[str], work: Path, prefix: str) -> Path:
    script = work / f"{prefix.strip('/').replace('/', '-')}.lua"
    quoted = ",".join(f'"{serial}"' for serial in serials)
    script.write_text(
        f"local serials = {{{quoted}}}\n"
        "math.randomseed(os.time())\n"
        "request = function()\n"
        f'  return wrk.format("GET", "{prefix}" .. serials[math.random(#serials)])\n'
        "end\n"
    )
    return script


def _serve(app: str, port: int, threads: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn, app, "--workers", "2", "--worker-class", "gthread", "--threads", str(threads),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(BENCH_DIR),
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)  # noqa: S603 - fixed arguments
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit(f"{app} did not start")


def _load(url: str, script: Path, connections: int, seconds: int) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 - fixed arguments
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": _latency_ms(output, "50%"),
        "p99_ms": _latency_ms(output, "99%"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def _latency_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _median(rounds: list[dict[str, float]], key: str) -> float:
    return round(statistics.median(r[key] for r in rounds), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10, help="per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating app/bare rounds")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanbao.config.settings")
    os.environ.setdefault("SANBAO_DATA_DIR", str(PROJECT_DIR / "var" / "bench"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sanbao.web.demo_data import demo_data_load

    call_command("migrate", verbosity=0)
    demo_data_load()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        import_seconds = _seed(args.units, args.reseed, work)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM catalog_unit")
            unit_count = cursor.fetchone()[0]
            cursor.execute("SELECT serial FROM catalog_unit TABLESAMPLE SYSTEM (2) LIMIT 20000")
            serials = [row[0] for row in cursor.fetchall()]
        connection.close()

        env = os.environ | {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghij",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HTTPS": "false",
            "DATABASE_CONN_MAX_AGE": "600",
            "PUBLIC_CHECK_LIMIT": "100000000",
            "LOG_LEVEL": "WARNING",
            "BARE_DSN": url,
            "PYTHONPATH": str(BENCH_DIR),
        }
        app_port, bare_port = _free_port(), _free_port()
        servers = [
            _serve("sanbao.config.wsgi", app_port, args.threads, env),
            _serve("bare_lookup_wsgi:application", bare_port, args.threads, env),
        ]
        try:
            app_script = _lua(serials, work, "/api/v1/warranty/")
            bare_script = _lua(serials, work, "/bare/")
            app_url, bare_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
            _load(app_url, app_script, args.connections, 2)  # warm both
            _load(bare_url, bare_script, args.connections, 2)
            app_rounds, bare_rounds = [], []
            for _ in range(args.rounds):
                app_rounds.append(_load(app_url, app_script, args.connections, args.seconds))
                bare_rounds.append(_load(bare_url, bare_script, args.connections, args.seconds))
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
    app_rps, bare_rps = _median(app_rounds, "rps"), _median(bare_rounds, "rps")
    print(
        json.dumps(
            {
                "benchmark": "warranty_lookup",
                "database": "postgresql",
                "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
                "units": unit_count,
                "import_seconds": import_seconds,
                "connections": args.connections,
                "gunicorn": f"2 workers x {args.threads} threads",
                "app_rps": app_rps,
                "app_p50_ms": _median(app_rounds, "p50_ms"),
                "app_p99_ms": _median(app_rounds, "p99_ms"),
                "app_non_2xx": sum(r["non_2xx"] for r in app_rounds),
                "bare_rps": bare_rps,
                "bare_p50_ms": _median(bare_rounds, "p50_ms"),
                "bare_p99_ms": _median(bare_rounds, "p99_ms"),
                "ratio_rps": round(app_rps / bare_rps, 3) if bare_rps else None,
            }
        )
    )


if __name__ == "__main__":
    main()
