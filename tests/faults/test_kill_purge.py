"""SIGKILL the job worker in the middle of the retention purge, then run it again.

What purge.py claims: each batch is one transaction that erases its records and counts them
in the purge log, so a kill leaves whole batches (the log's counts equal the rows erased);
the next run — once the dead run's heartbeat is older than STALE_AFTER, which the test
moves back instead of waiting — marks it failed and erases the rest, nothing twice.
"""

import pytest

from sanbao.privacy.purge import BATCH, STALE_AFTER
from tests.faults.processes import Site, wait_for

pytestmark = pytest.mark.faults

ORDERS = 12_000
WORLD = "from tests.faults.seed import world_make; world_make()"
SEED = f"from tests.faults.seed import expired_orders_make; expired_orders_make('{ORDERS}')"
QUEUE = "from sanbao.privacy.tasks import purge_now; purge_now(0)"
STALE = (
    "from datetime import timedelta; from django.utils import timezone; "
    "from sanbao.privacy.models import PurgeRun; "
    f"PurgeRun.objects.update(heartbeat_at=timezone.now() - "
    f"timedelta(seconds={STALE_AFTER.total_seconds() * 2}))"
)
LOGGED = "SELECT COALESCE(SUM(count), 0) FROM privacy_purgelogentry WHERE record_type = %s"


def _state(site: Site) -> dict:
    db = site.db
    return {
        "orders_purged": db.scalar(
            "SELECT COUNT(*) FROM service_serviceorder WHERE personal_data_purged_at IS NOT NULL"
        ),
        "customers_erased": db.scalar(
            "SELECT COUNT(*) FROM customers_customer WHERE erased_at IS NOT NULL"
        ),
        # erased in part: a row with its marker but a name, or a blank name without it
        "customers_half_erased": db.scalar(
            "SELECT COUNT(*) FROM customers_customer WHERE (erased_at IS NOT NULL AND"
            " (name <> '' OR phone <> '' OR phone_hash IS NOT NULL OR address_detail <> ''))"
            " OR (erased_at IS NULL AND (name = '' OR phone_hash IS NULL))"
        ),
        "orders_logged": db.scalar(LOGGED, ["service_order"]),
        "customers_logged": db.scalar(LOGGED, ["customer"]),
        "runs": db.query("SELECT status FROM privacy_purgerun ORDER BY id"),
    }


def test_a_killed_purge_leaves_whole_batches_and_the_next_run_finishes(site):
    site.python(WORLD)
    site.python(SEED, timeout=120)
    worker = site.worker()
    site.python(QUEUE)
    wait_for(
        lambda: site.db.scalar(LOGGED, ["service_order"]) >= 4 * BATCH,
        what="four batches of orders purged", timeout=60, interval=0.05, watch=[worker],
    )  # fmt: skip
    worker.kill()

    killed = _state(site)
    assert killed["runs"] == [("running",)], killed
    assert 4 * BATCH <= killed["orders_purged"] < ORDERS, killed
    assert killed["orders_purged"] == killed["orders_logged"], killed  # whole batches
    assert killed["orders_purged"] % BATCH == 0, killed
    assert killed["customers_erased"] == killed["customers_logged"], killed
    assert killed["customers_half_erased"] == 0, killed

    # The dead run's heartbeat stops; STALE_AFTER later the next run may start.
    site.python(STALE)
    worker = site.worker()
    site.python(QUEUE)
    wait_for(
        lambda: site.db.scalar("SELECT COUNT(*) FROM privacy_purgerun WHERE status = 'done'"),
        what="the second purge to finish", timeout=120, interval=0.2, watch=[worker],
    )  # fmt: skip

    done = _state(site)
    assert done["runs"] == [("failed",), ("done",)], done
    assert done["orders_purged"] == done["orders_logged"] == ORDERS, done
    assert done["customers_erased"] == done["customers_logged"] == ORDERS, done
    assert done["customers_half_erased"] == 0, done
