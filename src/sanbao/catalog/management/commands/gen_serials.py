"""`sanbao gen-serials --brand top --count N [--output FILE]`: a realistic serial file."""

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sanbao.accounts.models import Brand
from sanbao.catalog.models import Unit
from sanbao.catalog.serial_generator import HEADINGS, serial_rows_generate


class Command(BaseCommand):
    help = "Write a serial file (CSV, or XLSX when the output ends in .xlsx) for a brand."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="How many units.")
        parser.add_argument("--brand", default="top", help="Brand code (default: top).")
        parser.add_argument("--output", help="File to write; standard output if omitted.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--first-sequence",
            type=int,
            help="First serial sequence number (default: after the brand's registered units).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            raise CommandError("--count must be at least 1.")
        brand = Brand.objects.filter(code=options["brand"]).first()
        if brand is None:
            raise CommandError(f"There is no brand {options['brand']!r}.")
        if not brand.product_models.exists():
            raise CommandError(f"Brand {brand.code!r} has no product models to make units of.")
        first = options["first_sequence"]
        if first is None:
            first = Unit.objects.filter(brand=brand).count() + 1
        rows = serial_rows_generate(
            brand=brand,
            count=options["count"],
            first_sequence=first,
            seed=options["seed"],
            today=timezone.localdate(),
        )
        output = options["output"]
        if output and output.lower().endswith(".xlsx"):
            _write_xlsx(Path(output), rows)
        elif output:
            with Path(output).open("w", encoding="utf-8", newline="") as handle:
                _write_csv(handle, rows)
        else:
            _write_csv(sys.stdout, rows)
        if output:
            self.stderr.write(f"Wrote {options['count']:,} units to {output}.")


def _write_csv(handle: Any, rows: Any) -> None:
    writer = csv.writer(handle)
    writer.writerow(HEADINGS)
    writer.writerows(rows)


def _write_xlsx(path: Path, rows: Any) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("serials")
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    book.save(path)
