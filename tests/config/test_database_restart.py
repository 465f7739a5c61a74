"""PostgreSQL restarted under a running Sanbao: every request answers 503 while it is down
(none 500, none hanging), and Sanbao recovers by itself, with no write lost.

The test starts a PostgreSQL cluster of its own on a free port (initdb + pg_ctl, as the
postgres user when run as root), migrates it, serves Sanbao from it with gunicorn, and
stops and starts that cluster while two threads keep calling. It never touches the server
DATABASE_URL names; it runs only in the PostgreSQL pass (DATABASE_URL=postgres://…) on a
machine with PostgreSQL's server binaries."""

import base64
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
AS_ROOT = os.geteuid() == 0


def _can_run_a_cluster() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql:", "pgsql:")):
        return "the PostgreSQL pass only (DATABASE_URL=postgres://…)"
    if not BIN_DIRS or not (BIN_DIRS[-1] / "initdb").exists():
        return "needs PostgreSQL's server binaries (initdb, pg_ctl)"
    if AS_ROOT and (shutil.which("runuser") is None or _uid("postgres") is None):
        return "as root, needs runuser and a postgres user to run the cluster"
    return None


def _uid(name: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


pytestmark = pytest.mark.skipif(_can_run_a_cluster() is not None, reason=str(_can_run_a_cluster()))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, program: str, *arguments: str, timeout: int = 120) -> str:
        command = [str(BIN_DIRS[-1] / program), *arguments]
        if AS_ROOT:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(  # noqa: S603
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=self.folder,
            env={"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8"},
        )
        assert result.returncode == 0, f"{program}: {result.stdout}{result.stderr}"
        return result.stdout

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                 "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def sql(self, statement: str) -> str:
        return self.run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "sanbao",
            "-At", "-c", statement,
        ).strip()  # fmt: skip


@pytest.fixture(scope="module")
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="sanbao-pg-"))
    if AS_ROOT:
        os.chown(folder, _uid("postgres"), -1)  # type: ignore[arg-type]
    cluster = Cluster(folder, _free_port())
    cluster.run("initdb", "-D", str(cluster.data), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-sync")  # fmt: skip
    cluster.start()
    try:
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                    "sanbao")  # fmt: skip
        yield cluster
    finally:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Site:
    url: str
    token: str
    log: Path


@pytest.fixture(scope="module")
def site(cluster, tmp_path_factory):
    data = tmp_path_factory.mktemp("sanbao-data")
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "REDIS_URL", "HUEY_QUEUE", "SANBAO_DATA_DIR")
    }
    environment.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{cluster.port}/sanbao",
        DATABASE_CONN_MAX_AGE="600",  # kept connections: the harder case to recover from
        DATABASE_CONNECT_TIMEOUT="2",
        SANBAO_DATA_DIR=str(data),
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1",
        PII_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        PII_HASH_KEY=secrets.token_urlsafe(48),
        PUBLIC_PAGE_LIMIT="1000000",
        LOG_LEVEL="WARNING",
    )
    sanbao = [sys.executable, "-m", "sanbao"]
    migrate = subprocess.run(  # noqa: S603
        [*sanbao, "migrate", "--no-input", "-v", "0"],
        env=environment, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    issue = (
        "from sanbao.accounts.models import User; from sanbao.accounts.tokens import "
        "api_token_issue; user = User.objects.create_user('ops', password='x' * 20); "
        "print(api_token_issue(user=user, name='first')[1])"
    )
    issued = subprocess.run(  # noqa: S603
        [*sanbao, "shell", "-c", issue],
        env=environment, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    port = _free_port()
    log = data / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "gunicorn"), "sanbao.config.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
                "--timeout", "60", "--graceful-timeout", "5",
            ],
            env=environment, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            with contextlib.suppress(OSError):
                if _call(url, "GET", "/healthz").status == 200:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not start: {log.read_text()[-2000:]}")
        yield Site(url, issued.stdout.strip().splitlines()[-1], log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@dataclass
class Answer:
    method: str
    path: str
    name: str | None
    started: float
    ended: float
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def _call(
    url: str, method: str, path: str, *, token: str | None = None, name: str | None = None
) -> Answer:
    body = json.dumps({"name": name}).encode() if name else None
    request = urllib.request.Request(f"{url}{path}", data=body, method=method)  # noqa: S310
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if body:
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, headers, content = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, content = error.code, dict(error.headers), error.read()
    return Answer(method, path, name, started, time.monotonic(), status, headers, content)


class Caller(threading.Thread):
    """Calls the three kinds of request in turn until told to stop: an API read, a page that
    reads, and an API write (a new API token, named so it can be found afterwards)."""

    def __init__(self, site: Site, label: str) -> None:
        super().__init__(daemon=True)
        self.site, self.label = site, label
        self.answers: list[Answer] = []
        self.failures: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        number = 0
        while not self.halt.is_set():
            number += 1
            kind = number % 3
            try:
                if kind == 0:
                    name = f"{self.label}-{number}"
                    answer = _call(self.site.url, "POST", "/api/v1/accounts/me/tokens",
                                   token=self.site.token, name=name)  # fmt: skip
                elif kind == 1:
                    answer = _call(self.site.url, "GET", "/api/v1/accounts/me",
                                   token=self.site.token)  # fmt: skip
                else:
                    answer = _call(self.site.url, "GET", "/portal/")
            except OSError as error:  # refused, reset, timed out: the web process failed
                self.failures.append(f"{time.monotonic():.2f} {error!r}")
                continue
            self.answers.append(answer)
            time.sleep(0.05)


def _ok(answer: Answer) -> bool:
    return answer.status in (200, 201)


def test_it_answers_503_while_postgresql_restarts_and_recovers_by_itself(cluster, site):
    before = [
        _call(site.url, "POST", "/api/v1/accounts/me/tokens", token=site.token, name=f"before-{n}")
        for n in range(3)
    ]
    assert [answer.status for answer in before] == [201, 201, 201]
    callers = [Caller(site, "a"), Caller(site, "b")]
    for caller in callers:
        caller.start()
    time.sleep(1.5)

    stopping = time.monotonic()
    cluster.stop("fast")
    stopped = time.monotonic()
    time.sleep(3)
    starting = time.monotonic()
    cluster.start()
    started = time.monotonic()
    deadline = started + 40
    while time.monotonic() < deadline:  # until a dozen requests made after it got through
        if sum(1 for c in callers for a in c.answers if _ok(a) and a.started > started) > 12:
            break
        time.sleep(0.1)
    for caller in callers:
        caller.halt.set()
    for caller in callers:
        caller.join(timeout=40)

    answers = sorted((a for c in callers for a in c.answers), key=lambda a: a.started)
    log = site.log.read_text()[-3000:]
    assert not [f for c in callers for f in c.failures], log
    assert not [a for a in answers if a.status >= 500 and a.status != 503], log
    assert max(a.seconds for a in answers) < 5, "a request hung"

    # Up before the stop.
    assert all(_ok(a) for a in answers if a.ended < stopping), log
    # Down: every request answered 503 with Retry-After, in the shape of its kind.
    down = [a for a in answers if a.started > stopped and a.ended < starting]
    assert len(down) >= 10 and {a.status for a in down} == {503}, log
    assert all(int(a.headers["Retry-After"]) > 0 for a in down)
    api = [json.loads(a.body) for a in down if a.path.startswith("/api/")]
    assert api and all(body["error"]["code"] == "unavailable" for body in api)
    pages = [a for a in down if a.path == "/portal/"]
    assert pages and all(b'data-code="unavailable"' in a.body for a in pages)
    assert all(a.headers["Content-Type"].startswith("text/html") for a in pages)
    # Back: once one request got through, every later one did (kept connections checked).
    first_back = min(a.started for a in answers if _ok(a) and a.started > started)
    after = [a for a in answers if a.started > first_back]
    assert len(after) >= 10 and all(_ok(a) for a in after), [
        (a.path, a.status) for a in after if not _ok(a)
    ]
    assert first_back - started < 10

    # No write lost: every token answered 201 is stored; a write answered 503 is not,
    # unless it was under way when the server went down (its commit may have landed).
    written = {a.name for a in answers if a.method == "POST" and a.status == 201}
    refused = {a.name for a in answers if a.method == "POST" and a.status == 503}
    in_flight = {a.name for a in answers if a.method == "POST" and a.started < stopped}
    assert written and refused
    stored = set(cluster.sql("SELECT name FROM accounts_apitoken").splitlines())
    assert {f"before-{n}" for n in range(3)} | written <= stored
    assert not (stored & refused) - in_flight
