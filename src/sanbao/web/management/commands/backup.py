"""`sanbao backup [PATH]`: a copy of the SQLite database, taken while Sanbao runs."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sanbao.config.sqlite_backup import BackupError, sqlite_backup

POSTGRESQL_HINT = (
    "This database is PostgreSQL: back it up with pg_dump -Fc and restore it with "
    "pg_restore, as docs/operations.md (Backups) shows. `sanbao backup` and `sanbao restore` "
    "are for SQLite."
)


def sqlite_database() -> Path:
    """The SQLite file of the default database, or a CommandError saying what to use."""
    if connection.vendor != "sqlite":
        raise CommandError(POSTGRESQL_HINT)
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise CommandError(f"The database {name} is not a file that can be backed up.")
    return Path(name)


class Command(BaseCommand):
    help = (
        "Copy the SQLite database with SQLite's online backup, safe while Sanbao runs. "
        "PATH is a file or a folder (default: backups/ beside the database). Media files are "
        "not included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="Backup file or folder to put it in.")

    def handle(self, *args: Any, **options: Any) -> None:
        database = sqlite_database()
        target = Path(options["path"]) if options["path"] else database.parent / "backups"
        if not options["path"]:
            target.mkdir(parents=True, exist_ok=True)
        try:
            written = sqlite_backup(database, target.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = written.stat().st_size / 1_000_000
        self.stdout.write(self.style.SUCCESS(f"Backed up {database} to {written} ({size:.1f} MB)."))
        self.stdout.write(f"Uploaded files are not in it: copy {settings.MEDIA_ROOT} as well.")
