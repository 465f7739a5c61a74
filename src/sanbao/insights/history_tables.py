"""Writing generated rows fast: COPY on PostgreSQL, batched INSERTs elsewhere.

Rows are plain tuples in the order of a table's `columns`, JSON columns already as JSON
text. Timestamps such as `created_at` are written as given: the ORM's bulk_create would
overwrite every auto_now_add field with the time of the insert.

Ids that other rows point to are taken before the rows exist (IdPool): on PostgreSQL
from the table's own sequence, so a registration at the same moment gets another id; on
SQLite, which lets one writer in at a time, after the table's highest id inside the
generator's single transaction.
"""

import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from sanbao.privacy.crypto import EncryptedCharField, pii_encrypt


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return str(self.model._meta.db_table)


Chunk = list[tuple[Table, list[tuple[Any, ...]]]]


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class IdPool:
    """Ids for one table, taken a block at a time."""

    model: type[models.Model]
    block: int = 10_000
    _free: list[int] = field(default_factory=list)
    _next_local: int = 0

    def take(self) -> int:
        if not self._free:
            self._free = self._reserve(self.block)
            self._free.reverse()
        return self._free.pop()

    def _reserve(self, count: int) -> list[int]:
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            if is_postgresql():
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if not self._next_local:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                highest = int(cursor.fetchone()[0])
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                self._next_local = max(highest, int(found[0]) if found else 0) + 1
        first, self._next_local = self._next_local, self._next_local + count
        return list(range(first, first + count))


def rows_write(table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Writes the rows in the caller's transaction."""
    if not rows:
        return
    columns = ", ".join(table.columns)
    fields = [_field(table.model, name) for name in table.columns]
    if is_postgresql():
        # COPY takes the values as they are stored: personal data encrypted here.
        secret = [i for i, f in enumerate(fields) if isinstance(f, EncryptedCharField)]
        connection.ensure_connection()
        raw = connection.connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                if secret:
                    row = tuple(pii_encrypt(v) if i in secret else v for i, v in enumerate(row))
                copy.write_row(row)
        return
    as_json = [isinstance(f, models.JSONField) for f in fields]
    marks = ", ".join(["%s"] * len(fields))
    statement = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"  # noqa: S608
    prepared = [
        tuple(
            value if value is None or as_json[i] else field.get_db_prep_save(value, connection)
            for i, (field, value) in enumerate(zip(fields, row, strict=True))
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 1_000):
            cursor.executemany(statement, prepared[start : start + 1_000])


def _bulk_session(*, skip_fk_checks: bool) -> None:
    """Settings of a writer's own connection: no waiting for each commit to reach the
    disk (a crash loses the last chunks, not consistency), LZ4 for the decision snapshots
    PostgreSQL compresses (half the time of its default, where built in), and, if asked,
    no foreign-key triggers — half the database's work (session_replication_role needs a
    superuser). Generated rows point only at rows that exist; the tests check that with
    the triggers on."""
    with connection.cursor() as cursor:
        if skip_fk_checks:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            "SELECT set_config('default_toast_compression', 'lz4', false)"
            " WHERE EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
            " AND 'lz4' = ANY(enumvals))"
        )


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def chunk_write(chunk: Chunk) -> None:
    with transaction.atomic():
        for table, rows in chunk:
            rows_write(table, rows)


def tables_tidy(tables: list[str]) -> None:
    """Fresh statistics, and on PostgreSQL outside a transaction a vacuum too, for the
    tables just filled: the planner otherwise thinks they hold nothing (and chooses plans
    ten times slower), and index-only scans wait for the visibility map."""
    if not is_postgresql():
        return
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} {', '.join(sorted(tables))}")


class ChunkWriter:
    """Writes chunks, each in a transaction of its own. On PostgreSQL outside any
    transaction, threads with connections of their own write while the caller builds the
    next chunk: the database's work and Python's then share the cores. Chunks must not
    point at each other's rows, since they commit in any order."""

    def __init__(self, *, workers: int = 2, skip_fk_checks: bool = False) -> None:
        self.threaded = is_postgresql() and not connection.in_atomic_block
        self.skip_fk_checks = skip_fk_checks
        self._queue: queue.Queue[Chunk | None] = queue.Queue(maxsize=workers)
        self._errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []
        for n in range(workers if self.threaded else 0):
            thread = threading.Thread(target=self._run, name=f"history-writer-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def write(self, chunk: Chunk) -> None:
        if not self.threaded:
            chunk_write(chunk)
            return
        self._raise()
        self._queue.put(chunk)

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []
        self._raise()

    def _raise(self) -> None:
        if self._errors:
            raise RuntimeError("Writing generated history failed") from self._errors[0]

    def _run(self) -> None:
        try:
            _bulk_session(skip_fk_checks=self.skip_fk_checks)
            while (chunk := self._queue.get()) is not None:
                if not self._errors:
                    chunk_write(chunk)
        except BaseException as error:  # handed to the caller's thread
            self._errors.append(error)
            while self._queue.get() is not None:
                pass
        finally:
            connection.close()
