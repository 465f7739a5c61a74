"""Real processes for the fault tests: a throwaway Sanbao site, its commands, a job worker and
a web server to start and SIGKILL, and waiting for a condition seen in the site's database.

    def test_a_killed_job(site):               # conftest: a migrated site of the test's own
        site.python("from tests.faults.seed import world_make; world_make()")
        worker = site.worker()                 # `sanbao run_huey`, up when the consumer says so
        site.python("from sanbao.x.tasks import job; job()")   # queued for the worker
        wait_for(lambda: site.db.scalar("SELECT …") > 0, what="…", watch=[worker])
        worker.kill()                          # SIGKILL: no clean-up code of ours runs
        worker = site.worker()                 # restarted on the same database and queue
        server = site.server()                 # `sanbao runserver --noreload`; server.request()

The site follows the environment of the test run: SQLite in its own data directory by
default; with DATABASE_URL on PostgreSQL a database of its own (created here, dropped with
FORCE afterwards, never the test run's); with REDIS_URL a Huey queue and cache prefix of its
own (their keys deleted afterwards). Every process it starts is killed when the site closes;
their output is in `<site>/logs/`, and a failed wait shows the watched processes' logs.
The test process reads the site's database with plain SQL (`site.db`), never through Django,
whose connection is the test run's. Write SQL with %s placeholders for both databases.
`Site.create(root)` migrates; `Site.create(root, template=other)` copies `other`'s database
(the `migrated_site` fixture migrates once per session for that).
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def wait_for(
    condition: Callable[[], T],
    *,
    what: str,
    timeout: float = 60,
    interval: float = 0.05,
    watch: Iterable["Process"] = (),
) -> T:
    """Polls `condition` until it returns something truthy, which is returned. Fails with
    `what` after `timeout` seconds, or at once (with its log) if a watched process ends."""
    deadline = time.monotonic() + timeout
    watched = list(watch)
    while True:
        value = condition()
        if value:
            return value
        for process in watched:
            if not process.alive:
                pytest.fail(f"{process.name} ended while waiting for {what}:\n{process.log()}")
        if time.monotonic() > deadline:
            logs = "\n".join(process.log() for process in watched)
            pytest.fail(f"gave up after {timeout:.0f} s waiting for {what}\n{logs}")
        time.sleep(interval)


def in_background(function: Callable[..., T], *args: Any, **kwargs: Any) -> "Future[T]":
    """Runs `function` in a daemon thread (e.g. a request to a server about to be killed)."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(function(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)

    threading.Thread(target=run, daemon=True).start()
    return future


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Database:
    """The site's database as the test process sees it: plain SQL, a connection per call."""

    url: str
    sqlite_path: Path | None = None

    @property
    def name(self) -> str:
        """The PostgreSQL database's name."""
        return urlsplit(self.url).path.lstrip("/")

    @property
    def vendor(self) -> str:
        return "sqlite" if self.sqlite_path else "postgresql"

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite_path is not None:
            connection = sqlite3.connect(self.sqlite_path, timeout=20)
            try:
                return connection.execute(sql.replace("%s", "?"), tuple(params)).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(sql, tuple(params))  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Process:
    """A process of the site, in a session of its own; its output goes to a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def log(self, tail: int = 4000) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return f"--- {self.name} ({self.log_path}) ---\n{text[-tail:]}"

    def kill(self) -> None:
        """SIGKILL to the process group we started (the process and any child), then reap."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, timeout: float = 10) -> None:
        """SIGINT, as Ctrl-C would; SIGKILL if it does not end in time."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        self.kill()


@dataclass
class Server(Process):
    port: int = 0

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Response:
        """One HTTP request; a dict or list body is sent as JSON."""
        sent = dict(headers or {})
        data: bytes | None = None
        if isinstance(body, dict | list):
            data = json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
        elif body is not None:
            data = body
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, data, sent)
            reply = connection.getresponse()
            return Response(reply.status, dict(reply.getheaders()), reply.read())
        finally:
            connection.close()


@dataclass
class Site:
    """A Sanbao installation of its own: data dir, database, job queue, and its processes."""

    root: Path
    env: dict[str, str]
    db: Database
    processes: list[Process] = field(default_factory=list)
    _count: int = 0

    @classmethod
    @contextlib.contextmanager
    def create(cls, root: Path, *, template: "Site | None" = None) -> Iterator["Site"]:
        """A site in `root`: migrated, or a copy of `template`'s database (much faster)."""
        tag = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
        root.mkdir(parents=True, exist_ok=True)
        env = {**os.environ}
        for name in ("HUEY_IMMEDIATE", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            env.pop(name, None)
        env.update(
            SANBAO_DATA_DIR=str(root),
            PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")])),
            PYTHONUNBUFFERED="1",
            DEBUG="true",
            LOG_LEVEL="INFO",
            HUEY_QUEUE=f"{env.get('HUEY_QUEUE') or 'sanbao'}-faults-{tag}",
            CACHE_KEY_PREFIX=f"faults-{tag}",
        )
        outer_url = os.environ.get("DATABASE_URL", "")
        dropper: Callable[[], None] | None = None
        if outer_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            url, dropper = _postgres_database_create(
                outer_url, f"sanbao_faults_{tag}", template=template.db.name if template else None
            )
            env["DATABASE_URL"] = url
            db = Database(url)
        else:
            env["DATABASE_URL"] = ""  # the default: sanbao.sqlite3 in the data dir
            db = Database("", sqlite_path=root / "sanbao.sqlite3")
            if template is not None:
                assert template.db.sqlite_path is not None
                for suffix in ("", "-wal", "-shm"):
                    source = Path(f"{template.db.sqlite_path}{suffix}")
                    if source.exists():
                        shutil.copyfile(source, f"{db.sqlite_path}{suffix}")
        site = cls(root=root, env=env, db=db)
        try:
            if template is None:
                site.sanbao("migrate", "--no-input", timeout=120)
            yield site
        finally:
            for process in site.processes:
                process.kill()
            if dropper:
                dropper()
            if env.get("REDIS_URL"):
                _redis_keys_delete(env["REDIS_URL"], env["HUEY_QUEUE"], env["CACHE_KEY_PREFIX"])

    # --- commands run to their end -------------------------------------------------------

    def sanbao(self, *args: str | int, timeout: float = 60) -> str:
        """Runs `sanbao ARGS…` to its end; returns its standard output, fails on an error."""
        command = [sys.executable, "-m", "sanbao", *map(str, args)]
        try:
            done = subprocess.run(  # noqa: S603
                command, env=self.env, cwd=self.root, capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired as expired:
            pytest.fail(f"`sanbao {' '.join(map(str, args))}` took over {timeout} s: {expired}")
        if done.returncode != 0:
            pytest.fail(
                f"`sanbao {' '.join(map(str, args))[:200]}` failed ({done.returncode}):\n"
                f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
            )
        return done.stdout

    def python(self, code: str, timeout: float = 60) -> Any:
        """Runs Python code in the site (`sanbao shell -c`, so Django is set up and
        `tests.faults.*` importable); returns the JSON its last output line holds, if any."""
        output = self.sanbao("shell", "--no-imports", "-c", code, timeout=timeout).strip()
        last = output.splitlines()[-1] if output else ""
        return json.loads(last) if last.startswith(("{", "[")) else None

    # --- long-running processes ----------------------------------------------------------

    def start(
        self, name: str, *args: str | int, cls: type[Process] = Process, **extra: Any
    ) -> Process:
        """Starts `sanbao ARGS…` in a session of its own; killed when the site closes."""
        self._count += 1
        logs = self.root / "logs"
        logs.mkdir(exist_ok=True)
        log_path = logs / f"{self._count:02d}-{name}.log"
        with log_path.open("wb") as log:
            popen = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "sanbao", *map(str, args)], env=self.env, cwd=self.root,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        process = cls(name=name, popen=popen, log_path=log_path, **extra)
        self.processes.append(process)
        return process

    def worker(self, timeout: float = 60) -> Process:
        """`sanbao run_huey`, returned once its consumer has started."""
        worker = self.start("worker", "run_huey")
        wait_for(
            lambda: "Huey consumer started" in worker.log_path.read_text(errors="replace"),
            what="the Huey consumer to start", timeout=timeout, interval=0.1, watch=[worker],
        )  # fmt: skip
        return worker

    def server(self, timeout: float = 60) -> Server:
        """`sanbao runserver --noreload` on a free port, returned once /healthz answers."""
        port = free_port()
        address = f"127.0.0.1:{port}"
        server = cast(
            Server, self.start("web", "runserver", "--noreload", address, cls=Server, port=port)
        )

        def up() -> bool:
            try:
                return server.request("GET", "/healthz", timeout=2).status == 200
            except OSError:
                return False

        wait_for(up, what="the web server to answer", timeout=timeout, interval=0.2, watch=[server])
        return server


def _postgres_database_create(
    outer_url: str, name: str, template: str | None = None
) -> tuple[str, Callable[[], None]]:
    """CREATE DATABASE `name` (a copy of `template`) on the server of `outer_url`, through
    its maintenance database `postgres`; returns its URL and a function dropping it, even
    with sessions left over from killed processes."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(outer_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def _redis_keys_delete(url: str, queue: str, cache_prefix: str) -> None:
    """Removes the site's Huey keys (queue, schedule, results) and cache entries."""
    import re

    import redis

    huey_name = re.sub("[^a-z0-9]", "", queue)
    client = redis.Redis.from_url(url)
    try:
        for pattern in (f"huey.*{huey_name}*", f"{cache_prefix}:*"):
            keys = list(client.scan_iter(pattern))
            if keys:
                client.delete(*keys)
    finally:
        client.close()
