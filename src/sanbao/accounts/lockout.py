"""Brute-force protection: too many wrong passwords for one login lock it for a while."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sanbao.accounts.models import LoginLockout


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_locked_until(*, username: str, now: datetime | None = None) -> datetime | None:
    now = now or timezone.now()
    lockout = LoginLockout.objects.filter(username=_key(username)).first()
    if lockout and lockout.is_locked(now):
        return lockout.locked_until
    return None


@transaction.atomic
def login_failure_record(*, username: str, now: datetime | None = None) -> LoginLockout:
    now = now or timezone.now()
    lockout, _ = LoginLockout.objects.select_for_update().get_or_create(
        username=_key(username), defaults={"last_failure_at": now}
    )
    if lockout.locked_until and lockout.locked_until <= now:
        lockout.failures = 0
        lockout.locked_until = None
    # Failures older than the lockout period do not add up.
    if now - lockout.last_failure_at > timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS):
        lockout.failures = 0
    lockout.failures += 1
    lockout.last_failure_at = now
    if lockout.failures >= settings.LOGIN_FAILURE_LIMIT:
        lockout.locked_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    lockout.save()
    return lockout


def login_success_record(*, username: str) -> None:
    LoginLockout.objects.filter(username=_key(username)).delete()
