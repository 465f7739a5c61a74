"""The public lookup of a unit by serial: one fixed, indexed SQL statement, no ORM compile.

The public warranty check runs this for every request (thousands a second at a launch or a
recall), so the statement is written once and read into a small frozen record instead of
four model instances.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import get_language

from sanbao.accounts.models import Brand, Dealer
from sanbao.catalog.models import ProductionBatch, ProductModel, Unit
from sanbao.catalog.models.units import channel_flag


@dataclass(frozen=True, slots=True)
class UnitRecord:
    serial: str
    brand_id: int
    model_id: int
    batch_id: int | None
    produced_on: date
    shipped_on: date | None
    sold_on: date | None
    brand_code: str
    brand_name_en: str
    brand_name_zh: str
    policy_id: str
    hotline: str
    sku: str
    model_name_en: str
    model_name_zh: str
    category: str
    capacity_mah: int | None
    energy_wh: Decimal | None
    warranty_months: int | None
    batch_code: str | None
    dealer_id: int | None
    authorised_from: date | None
    authorised_until: date | None

    @property
    def brand_name(self) -> str:
        return self.brand_name_zh if _zh() else self.brand_name_en

    @property
    def model_name(self) -> str:
        return self.model_name_zh if _zh() else self.model_name_en

    def channel_flag(self) -> str | None:
        return channel_flag(
            shipped_on=self.shipped_on,
            dealer_id=self.dealer_id,
            authorised_from=self.authorised_from,
            authorised_until=self.authorised_until,
        )


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


def _statement() -> str:
    unit, brand, model = Unit._meta.db_table, Brand._meta.db_table, ProductModel._meta.db_table
    batch, dealer = ProductionBatch._meta.db_table, Dealer._meta.db_table
    return (
        "SELECT u.serial, u.brand_id, u.model_id, u.batch_id, u.produced_on, u.shipped_on,"  # noqa: S608 - table names from the models
        " u.sold_on, b.code, b.name_en, b.name_zh, b.policy_id, b.hotline, m.sku, m.name_en,"
        " m.name_zh, m.category, m.capacity_mah, m.energy_wh, m.warranty_months, pb.code,"
        " u.dealer_id, d.authorised_from, d.authorised_until"
        f" FROM {unit} u JOIN {brand} b ON b.id = u.brand_id"
        f" JOIN {model} m ON m.id = u.model_id"
        f" LEFT JOIN {batch} pb ON pb.id = u.batch_id"
        f" LEFT JOIN {dealer} d ON d.id = u.dealer_id"
        " WHERE u.serial = %s"
    )


_CENTS = Decimal("0.01")
_BY_SERIAL = _statement() + " LIMIT 2"
_BY_SERIAL_AND_BRAND = _statement() + " AND b.code = %s LIMIT 2"


def units_by_serial(*, serial: str, brand_code: str = "") -> list[UnitRecord]:
    """At most two records: more than one means brands share the serial."""
    statement = _BY_SERIAL_AND_BRAND if brand_code else _BY_SERIAL
    params = [serial, brand_code] if brand_code else [serial]
    if connection.vendor == "postgresql":
        rows = _prepared(statement, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
    records = []
    for row in rows:
        fields = list(row)
        if fields[17] is not None:  # SQLite returns a float; two places, as the field
            fields[17] = Decimal(str(fields[17])).quantize(_CENTS)
        for index in (4, 5, 6, 21, 22):  # SQLite returns ISO strings
            if isinstance(fields[index], str):
                fields[index] = date.fromisoformat(fields[index])
        records.append(UnitRecord(*fields))
    return records


def _prepared(statement: str, params: list[str]) -> list[tuple[Any, ...]]:
    """Server-side binding, so the statement is prepared (DATABASE_PREPARE_THRESHOLD) and
    PostgreSQL plans it once per connection, not on every lookup: planning the joins costs
    more than running them. Django's own cursors bind on the client and never prepare."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
