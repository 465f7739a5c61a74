"""Backups of a SQLite database with SQLite's online backup API, safe while Sanbao runs.

- `sqlite_backup` reads one consistent snapshot (WAL readers do not stop writers), writes it
  to a temporary file beside the target, checks it, and renames it into place: a backup
  file that exists is complete.
- `sqlite_restore` copies the backup to a temporary file beside the database and checks it;
  then the backup API writes it into the live database in one write transaction, so
  running processes see the old data or the new, never a mix. (Renaming a file over a
  database that processes have open would split them between two files and their WAL.)

PostgreSQL is backed up with pg_dump and restored with pg_restore (docs/operations.md).
"""

import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


def backup_file_name(now: datetime | None = None) -> str:
    return f"sanbao-{(now or datetime.now(UTC)).strftime('%Y%m%d-%H%M%S')}.sqlite3"


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)


def _checked(connection: sqlite3.Connection, what: str) -> None:
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{what} is not a readable SQLite database: {error}") from None
    if result != "ok":
        raise BackupError(f"{what} is damaged: {result}")
    if "django_migrations" not in tables:
        raise BackupError(f"{what} is not a Sanbao database (it has no django_migrations).")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _temporary(beside: Path) -> Path:
    return beside.with_name(f".{beside.name}.{os.getpid()}.tmp")


def _discard(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    """One consistent copy of `source` into the new file `target` (no WAL of its own)."""
    reader, writer = _connect(source), _connect(target)
    try:
        reader.backup(writer)  # all pages in one step: one snapshot
        writer.execute("PRAGMA journal_mode=DELETE")
        _checked(writer, str(source))
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Could not read {source} as a SQLite database: {error}") from None
    finally:
        writer.close()
        reader.close()
    _fsync(target)


def sqlite_backup(database: Path, target: Path) -> Path:
    """Writes a copy of `database` to `target` (a file name, or a folder to put one in)."""
    if not database.is_file():
        raise BackupError(f"There is no database at {database}.")
    if target.is_dir():
        target = target / backup_file_name()
    if target.exists():
        raise BackupError(f"{target} exists already; choose another name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(target)
    _discard(temporary)
    try:
        _copy(database, temporary)
        os.replace(temporary, target)
    finally:
        _discard(temporary)
    _fsync(target.parent)
    return target


def applied_migrations(path: Path) -> set[tuple[str, str]]:
    connection = _connect(path)
    try:
        return {
            (app, name)
            for app, name in connection.execute("SELECT app, name FROM django_migrations")
        }
    finally:
        connection.close()


def sqlite_restore(backup: Path, database: Path, known: Iterable[tuple[str, str]]) -> None:
    """Replaces the content of `database` with the backup's. `known` are the migrations this
    version of Sanbao has: a backup made by a newer version is refused."""
    if not backup.is_file():
        raise BackupError(f"There is no backup at {backup}.")
    if not database.parent.is_dir():
        raise BackupError(f"The database's folder {database.parent} does not exist.")
    temporary = _temporary(database)
    _discard(temporary)
    try:
        _copy(backup, temporary)
        unknown = applied_migrations(temporary) - set(known)
        if unknown:
            names = ", ".join(f"{app}.{name}" for app, name in sorted(unknown)[:5])
            raise BackupError(
                f"The backup was made by a newer version of Sanbao (migrations {names}); "
                "restore it with that version."
            )
        reader, writer = _connect(temporary), _connect(database)
        try:
            reader.backup(writer)  # one step: one write transaction on the live database
        except sqlite3.OperationalError as error:
            raise BackupError(f"Could not write {database}: {error}") from None
        finally:
            writer.close()
            reader.close()
    finally:
        _discard(temporary)
