"""`sanbao deliver-outbox`: send the outbox's due messages now, as the periodic job does."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanbao.notify.services import outbox_deliver


class Command(BaseCommand):
    help = "Send the outbox messages that are due (waiting, or due for a retry)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=100, help="Send at most this many (default 100)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = outbox_deliver(limit=max(1, options["limit"]))
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} messages."))
