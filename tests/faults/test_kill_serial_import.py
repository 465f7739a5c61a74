"""SIGKILL the job worker in the middle of a serial import, then restart it.

What serial_import.py claims: all or nothing. Checked rows are staged in committed chunks of
STAGE_CHUNK (progress is reported per chunk); the registry gets every row in one transaction
at the end, or none. A killed worker leaves only staged rows; the sweeper fails an import
whose heartbeat is older than STALE_AFTER, removes what it staged, and the file can be
uploaded again. These tests check exactly that against a real `sanbao run_huey`, killed
while it is checking rows, while it is saving them, and just after it committed the import
(before it removed its staged rows, which the sweeper now removes as well).

"Five minutes without a heartbeat" is the one thing not waited for: the test moves the
heartbeat back by STALE_AFTER and queues the sweeper's periodic task at once.
"""

import pytest

from sanbao.catalog.models.imports import STALE_AFTER
from sanbao.catalog.serial_import import STAGE_CHUNK
from tests.faults.processes import Site, wait_for

pytestmark = pytest.mark.faults

ROWS = 100_000  # 20 chunks; the worker takes ~5 s (idle machine) to check them on SQLite
WORLD = "from tests.faults.seed import world_make; world_make()"


@pytest.fixture(scope="module")
def serial_file(tmp_path_factory, migrated_site):
    """A realistic file of ROWS serials (`sanbao gen-serials`) for the seed's catalog, made
    once: every test's site has the same brand, model, batches and dealer."""
    root = tmp_path_factory.mktemp("serial-file")
    with Site.create(root / "site", template=migrated_site) as site:
        site.python(WORLD)
        path = root / "serials.csv"
        site.sanbao("gen-serials", "--brand", "romoss", "--count", ROWS, "--output", path)
    return path


def _import(site: Site, import_id: int) -> dict:
    status, checked, total, imported, failure, finished = site.db.row(
        "SELECT status, rows_checked, rows_total, units_imported, failure, finished_at"
        " FROM catalog_serialimport WHERE id = %s",
        [import_id],
    )
    staged, first_row, last_row, distinct_rows = site.db.row(
        "SELECT COUNT(*), MIN(row), MAX(row), COUNT(DISTINCT row) FROM catalog_stagedunit"
        " WHERE serial_import_id = %s",
        [import_id],
    )
    return {
        "status": status, "rows_checked": checked, "rows_total": total,
        "units_imported": imported, "failure": failure, "finished": finished is not None,
        "staged": staged, "first_row": first_row, "last_row": last_row,
        "distinct_rows": distinct_rows,
    }  # fmt: skip


def _registry(site: Site) -> dict:
    """Everything an import writes outside its own rows, in one transaction at the end."""
    units, serials = site.db.row("SELECT COUNT(*), COUNT(DISTINCT serial) FROM catalog_unit")
    shipped_in_batches = site.db.scalar(
        "SELECT COUNT(*) FROM catalog_unit WHERE batch_id IS NOT NULL AND shipped_on IS NOT NULL"
    )
    shipped_to_dealers = site.db.scalar(
        "SELECT COUNT(*) FROM catalog_unit WHERE dealer_id IS NOT NULL AND shipped_on IS NOT NULL"
    )
    return {
        "units": units,
        "distinct_serials": serials,
        "from_import": site.db.scalar(
            "SELECT COUNT(*) FROM catalog_unit WHERE serial_import_id IS NOT NULL"
        ),
        "batches_units_shipped": site.db.scalar(
            "SELECT COALESCE(SUM(units_shipped), 0) FROM catalog_productionbatch"
        ),
        "dealer_shipments": site.db.scalar(
            "SELECT COALESCE(SUM(units), 0) FROM catalog_dealershipment"
        ),
        "shipped_in_batches": shipped_in_batches,
        "shipped_to_dealers": shipped_to_dealers,
    }


NOTHING = {
    "units": 0, "distinct_serials": 0, "from_import": 0, "batches_units_shipped": 0,
    "dealer_shipments": 0, "shipped_in_batches": 0, "shipped_to_dealers": 0,
}  # fmt: skip


def _queue(site: Site, path) -> int:
    code = f"from tests.faults.seed import serial_import_queue; serial_import_queue({str(path)!r})"
    return int(site.python(code)["import"])


def _assert_whole_chunks(state: dict) -> None:
    """Staged rows are whole chunks, in file order, at most one chunk behind the counter
    (the counter is written just before its chunk is staged)."""
    staged = state["staged"]
    assert staged % STAGE_CHUNK == 0, state
    assert state["rows_checked"] % STAGE_CHUNK == 0, state
    assert staged in (state["rows_checked"], state["rows_checked"] - STAGE_CHUNK), state
    if staged:
        assert state["distinct_rows"] == staged, state
        assert state["last_row"] - state["first_row"] + 1 == staged, state


def _sweep_after_stale(site: Site, import_id: int) -> None:
    """Five minutes pass without a heartbeat (moved back, not waited for); the sweeper's
    periodic task is queued now instead of at the next */5 minute, for the worker to run."""
    site.python(
        "from datetime import timedelta\n"
        "from sanbao.catalog.models import SerialImport\n"
        "from sanbao.catalog.models.imports import STALE_AFTER\n"
        "from sanbao.catalog.tasks import serial_imports_sweep_periodic\n"
        f"stuck = SerialImport.objects.get(pk={import_id})\n"
        "stuck.heartbeat_at -= STALE_AFTER + timedelta(seconds=1)\n"
        "stuck.save(update_fields=['heartbeat_at'])\n"
        "serial_imports_sweep_periodic()\n"
    )


KILL_WHEN = {
    # a third of the file checked: several chunks staged, more to go
    "checking": ("a third of the rows checked", lambda state: state["rows_checked"] >= ROWS // 3),
    # every row checked; the one transaction writing the registry is under way
    "saving": ("the import saving", lambda state: state["status"] in ("saving", "succeeded")),
    # committed as imported; the worker is still removing what it staged
    "finishing": ("the import committed", lambda state: state["status"] == "succeeded"),
}


def _finished(site: Site, import_id: int) -> dict | bool:
    """The import's state once its job has ended: final status, staged rows removed."""
    state = _import(site, import_id)
    return state["status"] in ("succeeded", "failed") and state["staged"] == 0 and state


@pytest.mark.parametrize("phase", list(KILL_WHEN))
def test_it_keeps_a_killed_import_all_or_nothing_and_imports_the_file_again(
    site, serial_file, phase
):
    site.python(WORLD)
    path = serial_file
    killed = _queue(site, path)
    worker = site.worker()
    what, reached = KILL_WHEN[phase]
    wait_for(
        lambda: reached(state := _import(site, killed)) or state["status"] == "failed",
        what=what, timeout=120, interval=0.01, watch=[worker],
    )  # fmt: skip
    worker.kill()

    state, registry = _import(site, killed), _registry(site)
    if state["status"] == "succeeded":
        # Killed after the commit (a "saving" kill may come that late too): the whole file
        # is registered; what was staged is there in full or not at all (one DELETE).
        assert phase in ("saving", "finishing"), state
        assert state["units_imported"] == ROWS and state["finished"], state
        assert registry["units"] == registry["distinct_serials"] == ROWS, registry
        assert registry["batches_units_shipped"] == registry["shipped_in_batches"] > 0
        assert registry["dealer_shipments"] == registry["shipped_to_dealers"] > 0
        assert state["staged"] in (0, ROWS), state
    else:
        # Nothing half-written: the registry untouched; staged rows are whole chunks.
        assert phase != "finishing"
        assert registry == NOTHING, (state, registry)
        assert state["status"] == phase and not state["finished"], state
        assert state["units_imported"] == 0, state
        _assert_whole_chunks(state)
        if phase == "checking":
            assert 0 < state["rows_checked"] < ROWS, state
        else:
            assert state["staged"] == ROWS, state

    # The restarted worker does not run the lost job again; the sweeper (once the heartbeat
    # is STALE_AFTER old) fails an unfinished import and removes whatever was staged.
    worker = site.worker()
    assert _import(site, killed)["status"] == state["status"]
    _sweep_after_stale(site, killed)
    swept = wait_for(
        lambda: _finished(site, killed), what="the sweeper", timeout=60, watch=[worker]
    )
    assert site.db.scalar("SELECT COUNT(*) FROM catalog_stagedunit") == 0
    assert STALE_AFTER.total_seconds() == 300  # what "five minutes pass" above stands for
    if state["status"] == "succeeded":
        assert swept == {**state, "staged": 0, "first_row": None, "last_row": None,
                         "distinct_rows": 0}  # fmt: skip
        assert _registry(site) == registry
    else:
        assert swept["status"] == "failed" and swept["finished"], swept
        assert "nothing was imported" in swept["failure"], swept
        assert _registry(site) == NOTHING

    if state["status"] == "succeeded":
        return  # every row registered once; nothing to retry

    # Uploading the same file again imports every row, once.
    retried = _queue(site, path)
    done = wait_for(
        lambda: _finished(site, retried), what="the second upload to finish",
        timeout=120, interval=0.2, watch=[worker],
    )  # fmt: skip
    assert done["status"] == "succeeded" and done["units_imported"] == ROWS, done
    after = _registry(site)
    assert after["units"] == after["distinct_serials"] == after["from_import"] == ROWS
    assert after["batches_units_shipped"] == after["shipped_in_batches"] > 0, after
    assert after["dealer_shipments"] == after["shipped_to_dealers"] > 0, after
    assert site.db.scalar("SELECT COUNT(*) FROM catalog_stagedunit") == 0
