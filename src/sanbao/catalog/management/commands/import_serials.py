"""`sanbao import-serials FILE --brand top`: import a serial file here, with a progress bar."""

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanbao.accounts.models import Brand
from sanbao.catalog.models import SerialImport
from sanbao.catalog.serial_import import serial_import_run


class Command(BaseCommand):
    help = "Import a CSV or XLSX serial file for a brand: all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument("--brand", required=True, help="Brand code, e.g. top.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("Give a .csv or .xlsx file.")
        brand = Brand.objects.filter(code=options["brand"]).first()
        if brand is None:
            raise CommandError(f"There is no brand {options['brand']!r}.")
        with path.open("rb") as handle:
            serial_import = SerialImport.objects.create(
                brand=brand, file=File(handle, name=path.name), file_name=path.name[:200]
            )
        bar = ProgressBar(self.stderr if sys.stderr.isatty() else None)
        started = time.monotonic()
        serial_import = serial_import_run(serial_import_id=serial_import.pk, progress=bar.show)
        bar.finish()
        seconds = time.monotonic() - started
        if serial_import.status != SerialImport.Status.SUCCEEDED:
            for error in serial_import.errors:
                self.stderr.write(f"row {error['row']}, {error['column']}: {error['message']}")
            more = serial_import.error_count - len(serial_import.errors)
            if more > 0:
                self.stderr.write(f"… and {more:,} more errors.")
            raise CommandError(f"{serial_import.failure} Nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {serial_import.units_imported:,} units in {seconds:.1f} s "
                f"(import #{serial_import.pk})."
            )
        )


class ProgressBar:
    """A one-line bar on a terminal; silent when output goes to a file or pipe."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.width = max(10, min(50, shutil.get_terminal_size().columns - 40))

    def show(self, serial_import: SerialImport) -> None:
        if self.stream is None:
            return
        percent = serial_import.percent()
        filled = self.width * percent // 100
        label = serial_import.get_status_display()
        line = f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}% "
        line += f"{serial_import.rows_checked:,} rows · {label}"
        self.stream.write(line.ljust(self.width + 40), ending="")
        self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None:
            self.stream.write("")
