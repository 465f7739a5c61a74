"""The few aggregations the ORM cannot express: counting the codes inside JSON lists."""

from collections import Counter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


def json_list_counts(rows: QuerySet[Any], column: str) -> Counter[str]:
    """How often each code appears in the JSON list `column` of the rows, counted by the
    database (PostgreSQL: jsonb_array_elements_text; SQLite: json_each)."""
    try:
        inner, params = rows.values(column).query.sql_with_params()
    except EmptyResultSet:  # e.g. no brand to look at: Django will not write such SQL
        return Counter()
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT e.code, COUNT(*) FROM ({inner}) AS f"  # noqa: S608 (our own compiled SQL)
            f" CROSS JOIN LATERAL jsonb_array_elements_text(f.{column}) AS e(code)"
            " GROUP BY e.code"
        )
    else:
        sql = (
            f"SELECT e.value, COUNT(*) FROM ({inner}) AS f, json_each(f.{column}) AS e"  # noqa: S608
            " GROUP BY e.value"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Counter({str(code): int(count) for code, count in cursor.fetchall()})
