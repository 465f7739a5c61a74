"""Background jobs of privacy: the nightly retention purge, and deletion requests that
waited for a legal hold to end."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from sanbao.privacy.purge import purge_run
from sanbao.privacy.requests import erase_requests_retry


@db_periodic_task(crontab(hour="3", minute="17"))  # type: ignore[untyped-decorator]
@HUEY.lock_task("privacy-purge")  # type: ignore[untyped-decorator]
def purge_nightly() -> int:
    erase_requests_retry()
    return purge_run().total


@db_task()  # type: ignore[untyped-decorator]
@HUEY.lock_task("privacy-purge")  # type: ignore[untyped-decorator]
def purge_now(user_id: int) -> int:
    from sanbao.accounts.models import User

    return purge_run(by=User.objects.filter(pk=user_id).first()).total
