"""`sanbao restore PATH`: put a `sanbao backup` file back as the SQLite database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from sanbao.config.sqlite_backup import (
    BackupError,
    backup_file_name,
    sqlite_backup,
    sqlite_restore,
)
from sanbao.web.management.commands.backup import sqlite_database


class Command(BaseCommand):
    help = (
        "Replace every record of the SQLite database with a backup's. The current data is "
        "first backed up beside the database, unless --no-safety-copy. Uploaded files are "
        "not touched. PostgreSQL: use pg_restore (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A file written by `sanbao backup`.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip
        parser.add_argument(
            "--no-safety-copy", action="store_false", dest="safety_copy",
            help="Do not back up the current data first.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        database = sqlite_database()
        backup = Path(options["path"]).resolve()
        if not backup.is_file():
            raise CommandError(f"There is no backup at {backup}.")
        if options["interactive"]:
            answer = input(
                f"Replace every record in {database} with the backup {backup}? "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        try:
            if options["safety_copy"] and database.exists():
                folder = database.parent / "backups"
                folder.mkdir(exist_ok=True)
                copy = sqlite_backup(database, folder / f"before-restore-{backup_file_name()}")
                self.stdout.write(f"The current data is saved in {copy}.")
            connections.close_all()  # this process holds no transaction open meanwhile
            sqlite_restore(backup, database, known)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {database} from {backup}."))
        pending = known - _applied()
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migrations of this version: "
                "run `sanbao migrate` now."
            )


def _applied() -> set[tuple[str, str]]:
    loader = MigrationLoader(connections["default"], ignore_no_migrations=True)
    return set(loader.applied_migrations)
