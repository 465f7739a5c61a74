"""`sanbao dev` starts the web server and the job worker; Ctrl-C stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_it_runs_web_and_worker_and_stops_both_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {**os.environ, "SANBAO_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": ""}
    dev = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sanbao", "dev", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "web server did not come up"
                time.sleep(0.3)
        children = _children(dev.pid)
        assert len(children) == 2  # runserver and run_huey
        assert all(_alive(pid) for pid in children)
        dev.send_signal(signal.SIGINT)
        output, _ = dev.communicate(timeout=20)
    finally:
        if dev.poll() is None:
            dev.kill()
    assert dev.returncode == 0, output
    assert "Huey consumer started" in output
    assert "Stopped the web server and the job worker." in output
    time.sleep(0.2)
    assert not any(_alive(pid) for pid in children)
