"""Importing serial files: all or nothing, with a per-row error report and progress.

`serial_import_start` stores the upload and queues it; the worker runs
`serial_import_run`, which checks every row (staging the good ones in committed chunks,
reporting progress), then either moves all staged rows into the registry in one
transaction or imports nothing and keeps the report. `serial_imports_sweep` fails
imports whose worker died; what they staged is removed, nothing was registered. It also
removes rows a worker killed just after finishing an import had no time to clear.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import SerialImport
from sanbao.catalog.models.imports import ERRORS_KEPT, STALE_AFTER
from sanbao.catalog.serial_rows import FileError, RowChecker, RowError, UnitRow, file_rows
from sanbao.catalog.serial_store import (
    rows_stage,
    staged_clear,
    staged_conflicts,
    staged_leftovers_clear,
    staged_register,
)
from sanbao.config.errors import DomainError

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
STAGE_CHUNK = 5_000
Progress = Callable[[SerialImport], None]
Status = SerialImport.Status


def serial_import_start(*, brand: Brand, upload: UploadedFile, by: User) -> SerialImport:
    """Keeps the uploaded file and queues its import for the worker."""
    if not user_brands(user=by).filter(pk=brand.pk).exists():
        raise DomainError("forbidden", _("You do not work for this brand."), status=403)
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in (".csv", ".xlsx"):
        raise _bad_file(_("Upload a .csv or .xlsx file."))
    if not upload.size:
        raise _bad_file(_("The file is empty."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise _bad_file(_("The file is larger than 200 MB; split it."))
    serial_import = SerialImport.objects.create(
        brand=brand, file=upload, file_name=name[:200], created_by=by
    )
    from sanbao.catalog.tasks import serial_import_run_task

    transaction.on_commit(lambda: serial_import_run_task(serial_import.pk))
    return serial_import


def _bad_file(message: str) -> DomainError:
    return DomainError.invalid("file", message, code="invalid_file")


def serial_import_run(*, serial_import_id: int, progress: Progress | None = None) -> SerialImport:
    """Runs a queued import to the end; a second worker given the same import does nothing."""
    now = timezone.now()
    claimed = SerialImport.objects.filter(pk=serial_import_id, status=Status.QUEUED).update(
        status=Status.CHECKING, started_at=now, heartbeat_at=now
    )
    serial_import = SerialImport.objects.select_related("brand", "created_by").get(
        pk=serial_import_id
    )
    if not claimed:
        return serial_import
    # The report is written in the language of whoever uploaded the file.
    uploader = serial_import.created_by
    with translation.override(uploader.language if uploader else settings.LANGUAGE_CODE):
        _run(serial_import, progress)
    return serial_import


class _Swept(Exception):
    """The sweeper failed this import meanwhile (its worker looked dead): stop, write nothing."""


def _run(serial_import: SerialImport, progress: Progress | None) -> None:
    try:
        errors, error_count = _check_and_stage(serial_import, progress)
        conflict_count, conflicts = staged_conflicts(serial_import=serial_import)
        error_count += conflict_count
        errors = sorted([*errors, *conflicts], key=lambda error: error.row)
        if error_count:
            _fail(serial_import, _("Some rows are not valid."), errors, error_count)
        else:
            _register(serial_import, progress)
    except FileError as problem:
        _fail(serial_import, str(problem), [], 0)
    except _Swept:
        serial_import.refresh_from_db()
    finally:
        staged_clear(serial_import_id=serial_import.pk)
    if progress:
        progress(serial_import)


def _update(serial_import: SerialImport, current: str, /, **fields: Any) -> None:
    """Writes only while the import is still in the `current` status, i.e. still this worker's."""
    if not SerialImport.objects.filter(pk=serial_import.pk, status=current).update(**fields):
        raise _Swept
    for name, value in fields.items():
        setattr(serial_import, name, value)


def _check_and_stage(
    serial_import: SerialImport, progress: Progress | None
) -> tuple[list[RowError], int]:
    total, rows = file_rows(Path(serial_import.file.path), serial_import.file_name)
    _update(serial_import, Status.CHECKING, rows_total=total)
    checker = RowChecker(serial_import.brand, timezone.localdate())
    errors: list[RowError] = []
    error_count = 0
    good: list[UnitRow] = []
    checked = 0
    for number, raw in rows:
        checked += 1
        result = checker.check(number, raw)
        if isinstance(result, UnitRow):
            good.append(result)
        else:
            error_count += len(result)
            errors.extend(result[: max(0, ERRORS_KEPT - len(errors))])
        if checked % STAGE_CHUNK == 0:
            _stage(serial_import, good, checked, progress)
            good = []
    _stage(serial_import, good, checked, progress)
    if not checked:
        raise FileError(_("The file has no rows under its headings."))
    return errors, error_count


def _stage(
    serial_import: SerialImport, good: list[UnitRow], checked: int, progress: Progress | None
) -> None:
    _update(
        serial_import,
        Status.CHECKING,
        rows_checked=checked,
        rows_total=max(serial_import.rows_total or 0, checked),
        heartbeat_at=timezone.now(),
    )
    if good:
        rows_stage(serial_import=serial_import, rows=good)
    if progress:
        progress(serial_import)


def _register(serial_import: SerialImport, progress: Progress | None) -> None:
    _update(serial_import, Status.CHECKING, status=Status.SAVING, heartbeat_at=timezone.now())
    if progress:
        progress(serial_import)
    try:
        with transaction.atomic():
            imported = staged_register(serial_import=serial_import)
            # Still ours? If the sweeper failed it meanwhile, this rolls the units back.
            _update(
                serial_import,
                Status.SAVING,
                status=Status.SUCCEEDED,
                units_imported=imported,
                finished_at=timezone.now(),
            )
    except IntegrityError:
        # Another import registered one of these serials after this one checked them.
        _fail(
            serial_import,
            _("Some serials were registered by another import meanwhile; upload the file again."),
            [],
            0,
        )


def _fail(
    serial_import: SerialImport, failure: str, errors: list[RowError], error_count: int
) -> None:
    _update(
        serial_import,
        serial_import.status,
        status=Status.FAILED,
        failure=failure,
        errors=[error.as_dict() for error in errors[:ERRORS_KEPT]],
        error_count=error_count,
        finished_at=timezone.now(),
    )


def serial_imports_sweep(*, now: datetime) -> int:
    """Fails imports whose worker stopped reporting; returns how many."""
    stale = SerialImport.objects.filter(
        status__in=[Status.CHECKING, Status.SAVING], heartbeat_at__lt=now - STALE_AFTER
    )
    failure = _("The worker stopped during the import; nothing was imported. Upload it again.")
    swept = 0
    for serial_import_id in stale.values_list("pk", flat=True):
        claimed = stale.filter(pk=serial_import_id).update(
            status=Status.FAILED, failure=failure, finished_at=now
        )
        if claimed:
            staged_clear(serial_import_id=serial_import_id)
            swept += claimed
    staged_leftovers_clear()
    return swept
