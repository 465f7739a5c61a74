"""Benchmark: the API's per-request cost against the bare database read it wraps.

Times `GET /api/v1/accounts/me` with a bearer token (auth, routing, schema, JSON, the
idempotency and error-shape middleware) beside the same rows read with one raw SQL query
through the database driver, in the same run and on the same database. Prints one JSON
line: medians in milliseconds and their ratio.

    .venv/bin/python bench/api_overhead.py [--requests 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanbao_bench \
        .venv/bin/python bench/api_overhead.py

Give it a database of its own: it migrates it and loads the demo data into it.
"""

import argparse
import json
import os
import statistics
import time


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanbao.config.settings")
    os.environ.setdefault("SANBAO_DATA_DIR", "var/bench")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sanbao.accounts.models import User
    from sanbao.accounts.tokens import api_token_issue
    from sanbao.web.demo_data import demo_data_load

    setup_test_environment()
    call_command("migrate", verbosity=0)
    demo_data_load()
    user = User.objects.get(username="manager")
    _token, clear = api_token_issue(user=user, name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    raw_sql = (
        "SELECT u.username, u.first_name, u.last_name, u.language, o.code, o.name_en "
        "FROM accounts_user u LEFT JOIN accounts_serviceoutlet o ON o.id = u.outlet_id "
        "WHERE u.id = %s"
    )

    api_samples, sql_samples = [], []
    for _ in range(50):  # warm caches and connections
        client.get("/api/v1/accounts/me")
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get("/api/v1/accounts/me")
        api_samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [user.pk])
            cursor.fetchall()
        sql_samples.append(time.perf_counter() - started)

    api_ms, sql_ms = _median_ms(api_samples), _median_ms(sql_samples)
    print(
        json.dumps(
            {
                "bench": "api_overhead",
                "database": connection.vendor,
                "requests": args.requests,
                "api_me_median_ms": api_ms,
                "api_me_p95_ms": round(statistics.quantiles(api_samples, n=20)[18] * 1000, 3),
                "raw_sql_median_ms": sql_ms,
                "ratio_api_to_raw_sql": round(api_ms / sql_ms, 1) if sql_ms else None,
            }
        )
    )


if __name__ == "__main__":
    main()
