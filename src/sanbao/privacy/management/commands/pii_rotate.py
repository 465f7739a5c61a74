"""`sanbao pii-rotate`: rewrite personal data under the newest PII key, rebuild phone indexes."""

from typing import Any

from django.core.management.base import BaseCommand

from sanbao.privacy.keys import pii_rotate


class Command(BaseCommand):
    help = "Re-encrypts personal data with the first key of PII_KEYS and rebuilds phone indexes."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in pii_rotate().items():
            self.stdout.write(f"{label}: {count} rows")
