"""Background jobs of the catalog: serial imports and their sweeper."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sanbao.catalog.serial_import import serial_import_run, serial_imports_sweep


@db_task()  # type: ignore[untyped-decorator]
def serial_import_run_task(serial_import_id: int) -> None:
    serial_import_run(serial_import_id=serial_import_id)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def serial_imports_sweep_periodic() -> int:
    return serial_imports_sweep(now=timezone.now())
