"""Background jobs of privacy: the nightly retention purge, and deletion requests that
waited for a legal hold to end."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sanbao.privacy.purge import purge_run
from sanbao.privacy.requests import erase_requests_retry


# No Huey lock: a lock left by a killed worker would stop every later purge. The run's own
# row is the lock (one_running_purge), and it expires when its heartbeat stops.
@db_periodic_task(crontab(hour="3", minute="17"))  # type: ignore[untyped-decorator]
def purge_nightly() -> int:
    erase_requests_retry()
    run = purge_run()
    return run.total if run else 0


@db_task()  # type: ignore[untyped-decorator]
def purge_now(user_id: int) -> int:
    from sanbao.accounts.models import User

    run = purge_run(by=User.objects.filter(pk=user_id).first())
    return run.total if run else 0
