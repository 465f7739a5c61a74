"""`sanbao purge`: erase personal data past its retention period now, or `--dry-run` to see
what the next run would touch."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanbao.privacy.purge import purge_preview, purge_run


class Command(BaseCommand):
    help = "Erases personal data past its retention period (the nightly job does it too)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")
        parser.add_argument("--batch", type=int, default=500, help="Records per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            for work, count in purge_preview():
                brand = work.brand.code if work.brand else "*"
                self.stdout.write(
                    f"{brand:8} {work.schedule.record.code:14} {count:>9}  "
                    f"{work.schedule.months} months ({work.schedule.clause_id})"
                )
            return
        run = purge_run(batch=max(1, options["batch"]))
        if run is None:
            raise CommandError("Another purge is running; try again when it has finished.")
        for entry in run.entries.select_related("brand"):
            brand = entry.brand.code if entry.brand else "*"
            self.stdout.write(f"{brand:8} {entry.record_type:14} {entry.count:>9}")
        self.stdout.write(f"{run.status}: {run.total} records purged")
