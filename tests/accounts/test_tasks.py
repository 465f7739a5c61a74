"""The periodic purge of idempotency records, run through the real queue."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from sanbao.accounts.models import IdempotencyRecord
from sanbao.accounts.tasks import idempotency_records_purge_hourly

pytestmark = pytest.mark.django_db(transaction=True)


def _record(key: str, age: timedelta) -> None:
    record = IdempotencyRecord.objects.create(
        scope="user:1",
        key=key,
        path="/api/v1/x",
        request_digest="0" * 64,
        status_code=201,
        body=b"{}",
        content_type="application/json",
    )
    IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - age)


def test_it_runs_the_purge_through_the_queue():
    HUEY.immediate = False
    HUEY.flush()
    _record("stale", timedelta(days=2))
    _record("fresh", timedelta(minutes=5))
    idempotency_records_purge_hourly()  # enqueued, not run
    assert HUEY.pending_count() == 1
    assert IdempotencyRecord.objects.count() == 2
    task = HUEY.dequeue()
    assert HUEY.execute(task) == 1  # periodic tasks keep no result; execute returns it
    assert HUEY.pending_count() == 0
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh"]


def test_it_is_scheduled_every_hour():
    hourly = idempotency_records_purge_hourly.task_class()
    runs = [
        datetime(2026, 11, 21, hour, minute, tzinfo=UTC)
        for hour in range(3)
        for minute in range(60)
    ]
    assert sum(hourly.validate_datetime(moment) for moment in runs) == 3
