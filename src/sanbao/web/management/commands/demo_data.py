"""`sanbao demo-data`: load (or refresh) the demo organisations, users and product models."""

from typing import Any

from django.core.management.base import BaseCommand

from sanbao.web.demo_data import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Load the demo data for both brands (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_data_load()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<24} {login.role:<24} {login.where}")
