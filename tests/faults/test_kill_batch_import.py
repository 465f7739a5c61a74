"""SIGKILL the web server while it registers a dealer's return batch of 20,000 units sent
through the API, then restart it.

What the code claims: POST /api/v1/return-batches is one transaction (submission.
batch_register: the batch, its units, the submitted packing list) — all of it, or nothing.
A request sent with an Idempotency-Key is answered once and replayed after
(accounts/idempotency.py). The server is killed at two moments of a real request against a
real `sanbao runserver`: inside the transaction, and after its commit but before the reply
was stored for the key.
"""

import sqlite3
import time
from math import ceil

import pytest

from sanbao.returns.submission import ROWS_PER_PAGE
from tests.faults.processes import Server, Site, in_background, wait_for

pytestmark = pytest.mark.faults

URL = "/api/v1/return-batches"
UNITS = 20_000  # the most one request takes: a few seconds of work for the server
WORLD = "from tests.faults.seed import world_make; world_make()"


def _body(note: str) -> dict:
    return {
        "brand": "romoss", "contact_person": "王丽", "contact_phone": "13957112345",
        "boxes": 10, "courier": "顺丰速运", "note": note,
        "units": [
            {"model": "RMS-PB10K", "fault": f"不充电 {n}", "accessories": ["data_cable"]}
            for n in range(1, UNITS + 1)
        ],
    }  # fmt: skip


def _send(server: Server, token: str, note: str, key: str):
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return server.request("POST", URL, _body(note), headers, timeout=180)


def _batches(site: Site, note: str) -> list[dict]:
    """The batches the request with this note left, with what makes one whole."""
    rows = site.db.query(
        "SELECT b.number, b.status, b.repair_list_pages, b.submitted_at IS NOT NULL,"
        " (SELECT COUNT(*) FROM returns_returnunit u WHERE u.batch_id = b.id),"
        " (SELECT COUNT(DISTINCT u.line) FROM returns_returnunit u WHERE u.batch_id = b.id),"
        " (SELECT MAX(u.line) FROM returns_returnunit u WHERE u.batch_id = b.id),"
        " (SELECT COUNT(*) FROM returns_batchevent e WHERE e.batch_id = b.id)"
        " FROM returns_returnbatch b WHERE b.note = %s ORDER BY b.id",
        [note],
    )
    keys = ("number", "status", "pages", "submitted", "units", "lines", "last_line", "events")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _whole(batch: dict) -> bool:
    return batch == {
        **batch, "status": "submitted", "pages": ceil(UNITS / ROWS_PER_PAGE),
        "submitted": True, "units": UNITS, "lines": UNITS, "last_line": UNITS, "events": 2,
    }  # fmt: skip


def _orphans(site: Site) -> int:
    """Units or events of no batch (there are foreign keys, but count them anyway)."""
    return site.db.scalar(
        "SELECT (SELECT COUNT(*) FROM returns_returnunit u WHERE NOT EXISTS"
        " (SELECT 1 FROM returns_returnbatch b WHERE b.id = u.batch_id))"
        " + (SELECT COUNT(*) FROM returns_batchevent e WHERE NOT EXISTS"
        " (SELECT 1 FROM returns_returnbatch b WHERE b.id = e.batch_id))"
    )


def _writing_units(site: Site):
    """A condition: the request's transaction is open with its writes uncommitted. On
    PostgreSQL, some backend holds the row-exclusive lock of inserting units; on SQLite
    (no such view) the database's write lock has been held for 0.3 s without a pause, which
    the token's last-used update or the key's record never do."""
    if site.db.vendor == "postgresql":
        return lambda: site.db.scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE c.relname = 'returns_returnunit' AND l.mode = 'RowExclusiveLock'"
            " AND l.pid <> pg_backend_pid())"
        )
    since: list[float] = []

    def locked() -> bool:
        probe = sqlite3.connect(site.db.sqlite_path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")  # free: take it and give it back at once
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:  # database is locked: a writer is in a transaction
            since[:] = since[:1] or [time.monotonic()]
            return time.monotonic() - since[0] >= 0.3
        finally:
            probe.close()
        since.clear()
        return False

    return locked


def _kill_during(site: Site, server: Server, token: str, moment: str, note: str):
    """Sends the batch with key `note`, SIGKILLs the server at `moment`; returns the reply,
    or None when the connection dropped without one (always, inside the transaction)."""
    reply = in_background(_send, server, token, note, key=note)

    def still_running() -> bool:
        if reply.done():  # answered (an error?) before the moment came: no kill to test
            pytest.fail(f"the request ended first: {reply.exception() or reply.result()!r:.800}")
        return True

    if moment == "in_transaction":
        writing = _writing_units(site)
        wait_for(
            lambda: still_running() and writing() and not _batches(site, note),
            what="the transaction under way", timeout=90, interval=0.02, watch=[server],
        )  # fmt: skip
    else:  # committed; the reply may still be on its way, or already out: the key's
        # record commits with the batch, so the reply can beat the kill, and must not matter
        wait_for(
            lambda: bool(_batches(site, note)),
            what="the batch committed", timeout=90, interval=0.02, watch=[server],
        )  # fmt: skip
    server.kill()
    try:
        return reply.result(timeout=30)
    except OSError:  # the connection dropped without a reply
        return None


MOMENTS = ["in_transaction", "after_commit"]


@pytest.mark.parametrize("moment", MOMENTS)
def test_it_leaves_no_batch_or_a_whole_one_when_the_server_is_killed(site, moment):
    token = site.python(WORLD)["token"]
    reply = _kill_during(site, site.server(), token, moment, note="killed")

    batches = _batches(site, "killed")
    if moment == "in_transaction":
        assert reply is None
        assert batches == []  # the batch row, its events and units were all rolled back
    else:
        assert len(batches) == 1 and _whole(batches[0]), batches
    assert _orphans(site) == 0

    # The restarted server takes the batch (sent as new: see the next test for the key).
    server = site.server()
    retried = _send(server, token, "again", key="again")
    assert retried.status == 201, retried.body[:500]
    [batch] = _batches(site, "again")
    assert _whole(batch) and retried.json()["number"] == batch["number"], batch
    # The killed transaction did not use up a number of the day either.
    assert batch["number"].endswith("001" if moment == "in_transaction" else "002")
    assert _orphans(site) == 0


@pytest.mark.parametrize("moment", MOMENTS)
def test_it_answers_the_same_idempotency_key_once_after_a_kill(site, moment):
    token = site.python(WORLD)["token"]
    _kill_during(site, site.server(), token, moment, note="killed")

    # Whether or not a reply got out before the kill, the client may send the request again.
    server = site.server()
    first = _send(server, token, "killed", key="killed")
    assert first.status == 201, first.body[:500]  # today: 409 idempotency_request_in_progress
    [batch] = _batches(site, "killed")
    assert _whole(batch) and first.json()["number"] == batch["number"]
    again = _send(server, token, "killed", key="killed")
    assert again.status == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.body == first.body
    assert len(_batches(site, "killed")) == 1 and _orphans(site) == 0
