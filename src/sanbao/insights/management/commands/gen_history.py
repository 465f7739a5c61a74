"""`sanbao gen-history --orders N --return-units M [--seed S]`: history in the database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanbao.insights.history import history_generate


class Command(BaseCommand):
    help = (
        "Write months of service orders, dealer returns, damage declarations and surveys for "
        "the brands in the database (load the demo data first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orders", type=int, required=True, help="How many service orders.")
        parser.add_argument(
            "--return-units", type=int, default=0, help="How many units dealers return."
        )
        parser.add_argument("--months", type=int, default=18, help="Months up to today.")
        parser.add_argument("--seed", type=int, default=8, help="Random seed.")
        parser.add_argument(
            "--skip-fk-checks",
            action="store_true",
            help="PostgreSQL only, as a superuser: write without the foreign-key triggers "
            "(about twice as fast; the generated rows are consistent by construction).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["orders"] < 0 or options["return_units"] < 0 or options["months"] < 1:
            raise CommandError("Counts cannot be negative and --months is at least 1.")
        try:
            summary = history_generate(
                orders=options["orders"],
                return_units=options["return_units"],
                months=options["months"],
                seed=options["seed"],
                skip_fk_checks=options["skip_fk_checks"],
            )
        except LookupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"History from {summary.first_day} to {summary.last_day} in {summary.seconds:,.1f} s:"
        )
        for table, count in sorted(summary.rows.items()):
            self.stdout.write(f"  {table:32} {count:>12,}")
        self.stdout.write(f"  production batches used       {summary.production_batches:>12,}")
        for phase, seconds in summary.phases.items():
            self.stdout.write(f"  {phase:32} {seconds:>10,.1f} s")
        for brand, batch_id in sorted(summary.bad_batches.items()):
            self.stdout.write(f"  bad batch of {brand}: id {batch_id}")
