"""Months of a period, and SQL month buckets in local time."""

from datetime import date, datetime
from typing import Any

from django.db.models.functions import TruncMonth
from django.utils import timezone

from sanbao.insights.scope import Scope


def months(scope: Scope) -> list[date]:
    """Every month the period touches, so that empty months still show."""
    found, current = [], scope.start.replace(day=1)
    while current <= scope.end:
        found.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return found


def month_of(field: str) -> TruncMonth:
    """The local month of a timestamp, computed by the database."""
    return TruncMonth(field, tzinfo=timezone.get_current_timezone())


def as_month(value: Any) -> date:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).date().replace(day=1)
            if timezone.is_aware(value)
            else (value.date().replace(day=1))
        )
    return date.fromisoformat(str(value)[:10]).replace(day=1)


def label(month: date) -> str:
    return f"{month:%Y-%m}"
