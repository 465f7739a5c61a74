"""Per-brand, per-day sequences behind human-typable numbers (cards, batches, claims)."""

from datetime import date

from django.db import connection


def daily_sequence_next(*, table: str, brand_id: int, day: date) -> int:
    """The next number of the brand's day in `table` (brand_id, day, last): one upsert,
    whose row lock lasts to the commit, so two desks never get the same number."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (brand_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (brand_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [brand_id, day],
        )
        (last,) = cursor.fetchone()
    return int(last)
