"""Background job of the outbox: deliver what is due, every minute."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanbao.notify.services import outbox_deliver


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def outbox_deliver_periodic() -> int:
    return outbox_deliver()
