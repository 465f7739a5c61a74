"""Periodic jobs of the accounts app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanbao.accounts.idempotency import idempotency_records_purge


@db_periodic_task(crontab(minute="17"))  # type: ignore[untyped-decorator]
def idempotency_records_purge_hourly() -> int:
    return idempotency_records_purge()
