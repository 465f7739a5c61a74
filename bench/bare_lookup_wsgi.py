"""The baseline of bench/warranty_lookup.py: a bare WSGI app doing the same indexed read.

One psycopg connection per thread, the unit joined to its model, batch and brand by serial,
the row as JSON. No framework, no validation, no rate limit, no policy: the floor under
what `GET /api/v1/warranty/{serial}` can cost.
"""

import json
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

DSN = os.environ["BARE_DSN"]
SQL = (
    "SELECT u.serial, u.produced_on, u.shipped_on, u.sold_on, m.sku, m.name_en, m.category,"
    " b.code, br.code FROM catalog_unit u"
    " JOIN catalog_productmodel m ON m.id = u.model_id"
    " JOIN accounts_brand br ON br.id = u.brand_id"
    " LEFT JOIN catalog_productionbatch b ON b.id = u.batch_id"
    " WHERE u.serial = %s"
)
_local = threading.local()


def _connection() -> psycopg.Connection[Any]:
    if getattr(_local, "connection", None) is None:
        _local.connection = psycopg.connect(DSN, autocommit=True)
    return _local.connection  # type: ignore[no-any-return]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    serial = environ.get("PATH_INFO", "").rsplit("/", 1)[-1]
    row = _connection().execute(SQL, (serial,)).fetchone()
    if row is None:
        body, status = b'{"error": {"code": "unknown_serial"}}', "404 Not Found"
    else:
        keys = ("serial", "produced_on", "shipped_on", "sold_on", "sku", "name", "category")
        found = dict(zip(keys, row[:7], strict=True)) | {"batch": row[7], "brand": row[8]}
        body, status = json.dumps(found, default=str).encode(), "200 OK"
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]
