"""Background jobs of the maintenance register."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanbao.service.sla import orders_overdue_sweep


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def orders_overdue_sweep_periodic() -> int:
    return orders_overdue_sweep()
