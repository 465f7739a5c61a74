"""`sanbao dev`: the web server and the Huey job worker together; Ctrl-C stops both."""

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sanbao.web.demo_data import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "Run the development web server and the job worker in one command."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--show-demo-logins", action="store_true")

    def handle(self, *args: Any, address: str, show_demo_logins: bool, **options: Any) -> None:
        sanbao = [sys.executable, "-m", "sanbao"]
        processes = {
            "web": subprocess.Popen([*sanbao, "runserver", "--noreload", address]),  # noqa: S603
            "worker": subprocess.Popen([*sanbao, "run_huey"]),  # noqa: S603
        }
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        time.sleep(1.5)
        self._banner(address, show_demo_logins)
        dead: list[str] = []
        try:
            while not stopping and not dead:
                time.sleep(0.3)
                dead = [name for name, p in processes.items() if p.poll() is not None]
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
        if dead and not stopping:
            self.stderr.write(f"sanbao dev: {', '.join(dead)} stopped; stopped the rest too.")
            raise SystemExit(1)
        self.stdout.write("Stopped the web server and the job worker.")

    def _banner(self, address: str, show_demo_logins: bool) -> None:
        host, _sep, port = address.rpartition(":")
        url = f"http://{host or '127.0.0.1'}:{port}/"
        lines = [
            "",
            "=" * 72,
            f"Sanbao is running: staff site {url}",
            f"  customer portal {url}portal/   API docs {url}api/v1/docs",
            "  web server and job worker are up; press Ctrl-C to stop both.",
        ]
        if show_demo_logins:
            lines.append(f"  demo logins (password {DEMO_PASSWORD}):")
            lines += [f"    {username:<24} {role}" for username, role, *_rest in USERS]
        lines.append("=" * 72)
        self.stdout.write("\n".join(lines))
