"""Staging checked serial rows and moving them into the registry in one statement.

On PostgreSQL rows reach the (unlogged) staging table through COPY; elsewhere through
bulk inserts. Repeats and serials already registered are found in SQL, so checking a
file of millions of rows keeps no per-serial state in Python.
"""

from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef
from django.utils.translation import gettext as _

from sanbao.catalog.models import (
    DealerShipment,
    ProductionBatch,
    SerialImport,
    StagedUnit,
    Unit,
)
from sanbao.catalog.models.imports import ERRORS_KEPT
from sanbao.catalog.serial_rows import RowError, UnitRow

_STAGED_COLUMNS = (
    "serial_import_id", "row", "serial", "model_id", "batch_id", "produced_on", "dealer_id",
    "shipped_on", "status",
)  # fmt: skip


def rows_stage(*, serial_import: SerialImport, rows: list[UnitRow]) -> None:
    if connection.vendor == "postgresql":
        _copy(serial_import.pk, rows)
        return
    StagedUnit.objects.bulk_create(
        [
            StagedUnit(
                serial_import_id=serial_import.pk,
                row=row.row,
                serial=row.serial,
                model_id=row.model_id,
                batch_id=row.batch_id,
                produced_on=row.produced_on,
                dealer_id=row.dealer_id,
                shipped_on=row.shipped_on,
                status=row.status,
            )
            for row in rows
        ],
        batch_size=1_000,
    )


def _copy(serial_import_id: int, rows: list[UnitRow]) -> None:
    table = StagedUnit._meta.db_table
    statement = f"COPY {table} ({', '.join(_STAGED_COLUMNS)}) FROM STDIN"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                (
                    serial_import_id,
                    row.row,
                    row.serial,
                    row.model_id,
                    row.batch_id,
                    row.produced_on,
                    row.dealer_id,
                    row.shipped_on,
                    row.status,
                )
            )


def staged_conflicts(*, serial_import: SerialImport) -> tuple[int, list[RowError]]:
    """(how many, the first rows) whose serial repeats an earlier row or is registered."""
    staged = StagedUnit.objects.filter(serial_import=serial_import)
    repeats = (
        staged.values("serial")
        .annotate(times=Count("id"), first_row=Min("row"))
        .filter(times__gt=1)
        .order_by("first_row")
    )
    repeat_count = sum(item["times"] - 1 for item in repeats.iterator())
    first_rows = {item["serial"]: item["first_row"] for item in repeats[:ERRORS_KEPT]}
    errors = [
        RowError(
            row,
            "serial",
            _("Serial %(serial)s is also on row %(row)s.")
            % {
                "serial": serial,
                "row": first_rows[serial],
            },
        )
        for row, serial in staged.filter(serial__in=list(first_rows))
        .exclude(row__in=list(first_rows.values()))
        .order_by("row")
        .values_list("row", "serial")[:ERRORS_KEPT]
    ]
    registered = staged.filter(
        Exists(Unit.objects.filter(brand_id=serial_import.brand_id, serial=OuterRef("serial")))
    )
    registered_count = registered.count()
    errors += [
        RowError(
            row,
            "serial",
            _("Serial %(serial)s is already registered.")
            % {
                "serial": serial,
            },
        )
        for row, serial in registered.order_by("row").values_list("row", "serial")[:ERRORS_KEPT]
    ]
    return repeat_count + registered_count, errors


def staged_register(*, serial_import: SerialImport) -> int:
    """Moves the staged rows into the registry; the caller holds the transaction."""
    unit_table, staged_table = Unit._meta.db_table, StagedUnit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {unit_table} (brand_id, serial, model_id, batch_id, produced_on,"  # noqa: S608
            " dealer_id, shipped_on, status, serial_import_id)"
            " SELECT %s, serial, model_id, batch_id, produced_on, dealer_id, shipped_on,"
            f" status, serial_import_id FROM {staged_table} WHERE serial_import_id = %s",
            [serial_import.brand_id, serial_import.pk],
        )
        imported = int(cursor.rowcount)
    production_batches_count(serial_import_id=serial_import.pk)
    dealer_shipments_add(serial_import=serial_import)
    return imported


def dealer_shipments_add(*, serial_import: SerialImport) -> None:
    """Adds the import's units to the monthly counts of units shipped to each dealer."""
    table, staged_table = DealerShipment._meta.db_table, StagedUnit._meta.db_table
    if connection.vendor == "postgresql":
        month = "CAST(date_trunc('month', shipped_on) AS date)"
    else:
        month = "date(shipped_on, 'start of month')"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (brand_id, dealer_id, month, units)"  # noqa: S608
            f" SELECT %s, dealer_id, {month}, COUNT(*) FROM {staged_table}"
            " WHERE serial_import_id = %s AND dealer_id IS NOT NULL AND shipped_on IS NOT NULL"
            f" GROUP BY dealer_id, {month}"
            " ON CONFLICT (brand_id, dealer_id, month)"
            f" DO UPDATE SET units = {table}.units + excluded.units",
            [serial_import.brand_id, serial_import.pk],
        )


def production_batches_count(*, serial_import_id: int | None = None) -> int:
    """Recounts the shipped units of the batches an import touched (all batches without
    one): the failure rate's denominator. Each count walks the unit table's batch index."""
    batch_table, unit_table = ProductionBatch._meta.db_table, Unit._meta.db_table
    staged_table = StagedUnit._meta.db_table
    touched = ""
    params: list[int] = []
    if serial_import_id is not None:
        touched = (
            f" WHERE id IN (SELECT DISTINCT batch_id FROM {staged_table}"  # noqa: S608
            " WHERE serial_import_id = %s AND batch_id IS NOT NULL)"
        )
        params = [serial_import_id]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {batch_table} SET units_shipped = (SELECT COUNT(*) FROM {unit_table} u"  # noqa: S608
            f" WHERE u.batch_id = {batch_table}.id AND u.shipped_on IS NOT NULL){touched}",
            params,
        )
        return int(cursor.rowcount)


def staged_clear(*, serial_import_id: int) -> None:
    StagedUnit.objects.filter(serial_import_id=serial_import_id).delete()


def staged_leftovers_clear() -> int:
    """Removes the rows of finished imports, left when a worker was killed after committing
    the outcome and before clearing them (nobody reads them again); returns how many."""
    finished = [SerialImport.Status.SUCCEEDED, SerialImport.Status.FAILED]
    removed, _by_model = StagedUnit.objects.filter(serial_import__status__in=finished).delete()
    return removed
