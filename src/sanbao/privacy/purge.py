"""The retention purge: personal data past its period erased in small batches.

Each batch is one short transaction that erases the rows and counts them in the run's log,
so a killed purge leaves whole batches behind and the next run goes on from there (the
work lists only hold records not yet purged). Files are deleted before the batch commits:
a kill between the two leaves rows pointing at missing files, which the next run erases.
"""

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from sanbao.accounts.models import Brand, User
from sanbao.claims.models import DamageClaim
from sanbao.customers.models import Customer
from sanbao.privacy import holds
from sanbao.privacy.erasure import batches_erase, claims_erase, customers_erase, orders_erase
from sanbao.privacy.models import PhoneChallenge, PurgeLogEntry, PurgeRun
from sanbao.privacy.schedules import (
    DAMAGE_CLAIM,
    RETURN_BATCH,
    SERVICE_ORDER,
    Schedule,
    brand_schedules,
    customer_schedule,
)
from sanbao.returns.models import ReturnBatch
from sanbao.service.models import ServiceOrder

logger = logging.getLogger(__name__)
BATCH = 500
STALE_AFTER = timedelta(minutes=2)  # a batch takes well under a second
# Per kind of brand record: the model, the moment its clock starts, and its eraser.
BRAND_RECORDS: dict[str, tuple[type[Any], str, Callable[[list[int], datetime], None]]] = {
    SERVICE_ORDER.code: (ServiceOrder, "closed_at", orders_erase),
    RETURN_BATCH.code: (ReturnBatch, "closed_at", batches_erase),
    DAMAGE_CLAIM.code: (DamageClaim, "decided_at", claims_erase),
}


@dataclass(frozen=True)
class Work:
    """One kind of record of one brand (none for customers) past its schedule."""

    schedule: Schedule
    brand: Brand | None
    expired: QuerySet[Any]
    erase: Callable[[list[int], datetime], None]


def purge_preview(*, today: date | None = None) -> list[tuple[Work, int]]:
    """The dry run: what the next purge would touch, and how many records, touching nothing."""
    return [(work, work.expired.count()) for work in _work_list(today or timezone.localdate())]


def purge_run(*, by: User | None = None, batch: int = BATCH) -> PurgeRun | None:
    """Erases everything past its period; safe to run again, and to kill at any point.
    None when another run is under way (its last batch less than STALE_AFTER ago)."""
    run = _run_claim(by)
    if run is None:
        return None
    try:
        for work in _work_list(timezone.localdate()):
            _purge(run, work, batch)
        PhoneChallenge.objects.filter(expires_at__lt=timezone.now()).delete()
    except Exception as error:
        PurgeRun.objects.filter(pk=run.pk).update(
            status=PurgeRun.Status.FAILED, finished_at=timezone.now(), error=repr(error)[:500]
        )
        raise
    PurgeRun.objects.filter(pk=run.pk).update(
        status=PurgeRun.Status.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _run_claim(by: User | None) -> PurgeRun | None:
    """The new run, unless one is alive. A run whose worker died (no batch for STALE_AFTER)
    is marked failed first; the next picks up the records it did not reach."""
    now = timezone.now()
    PurgeRun.objects.filter(
        Q(heartbeat_at__lt=now - STALE_AFTER)
        | Q(heartbeat_at__isnull=True, started_at__lt=now - STALE_AFTER),
        status=PurgeRun.Status.RUNNING,
    ).update(
        status=PurgeRun.Status.FAILED,
        finished_at=now,
        error="Interrupted before it finished; the next run went on from where it stopped.",
    )
    try:
        with transaction.atomic():
            return PurgeRun.objects.create(started_by=by, heartbeat_at=now)
    except IntegrityError:  # one_running_purge: another run is alive
        logger.info("Purge not started: another run is under way.")
        return None


def _purge(run: PurgeRun, work: Work, batch: int) -> None:
    today = timezone.localdate()
    entry, _ = PurgeLogEntry.objects.get_or_create(
        run=run, brand=work.brand, record_type=work.schedule.record.code,
        defaults={"kept_until": work.schedule.kept_until(today),
                  "clause": work.schedule.clause_id},
    )  # fmt: skip
    for ids in _batches(work.expired, batch):
        with transaction.atomic():
            now = timezone.now()
            work.erase(ids, now)
            PurgeLogEntry.objects.filter(pk=entry.pk).update(count=F("count") + len(ids))
            PurgeRun.objects.filter(pk=run.pk).update(heartbeat_at=now)


def _batches(expired: QuerySet[Any], size: int) -> Iterator[list[int]]:
    """Ids a batch at a time, walking up the key: held-back rows are not read twice."""
    last = 0
    while True:
        ids = list(expired.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _work_list(today: date) -> list[Work]:
    brands = list(Brand.objects.order_by("code"))
    work: list[Work] = []
    for brand in brands:
        for schedule in brand_schedules(brand=brand):
            model, started, erase = BRAND_RECORDS[schedule.record.code]
            expired = model.objects.filter(
                brand=brand,
                personal_data_purged_at__isnull=True,
                **{f"{started}__lt": schedule.cutoff(today)},
            )
            work.append(Work(schedule, brand, expired, erase))
    shared = customer_schedule(brands=brands)
    if shared is not None:
        expired_customers = _customers_expired(shared.cutoff(today))
        work.append(Work(shared, None, expired_customers, customers_erase))
    return work


def _customers_expired(cutoff: datetime) -> QuerySet[Customer]:
    """Customers whose orders were all purged, each under its own brand's schedule (or,
    without orders, registered before the longest period began), under no legal hold."""
    orders = ServiceOrder.objects.filter(customer=OuterRef("pk"))
    return (
        Customer.objects.filter(erased_at__isnull=True)
        .filter(Q(Exists(orders)) | Q(created_at__lt=cutoff))
        .exclude(Exists(orders.filter(personal_data_purged_at__isnull=True)))
        .exclude(pk__in=holds.recall_held_customers())
    )
