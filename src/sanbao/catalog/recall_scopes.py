"""Which recall a unit is in: active recalls' scopes, cached per brand, matched in memory.

The public warranty check asks this for every lookup, so the scopes are kept in each
process (config.shared_memo); saving a recall or changing its status drops them.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import get_language

from sanbao.catalog.models import Recall, RecallRemedy, Unit, recall_scope
from sanbao.config.shared_memo import SharedMemo
from sanbao.policy import RecallFact


class Recallable(Protocol):
    """A unit as a Unit row or as the public lookup's record."""

    @property
    def serial(self) -> str: ...
    @property
    def brand_id(self) -> int: ...
    @property
    def model_id(self) -> int: ...
    @property
    def batch_id(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class ActiveRecall:
    id: int
    code: str
    title_en: str
    title_zh: str
    cause: str
    remedy: str
    regulator_reference: str
    starts_on: date
    ends_on: date | None
    model_ids: frozenset[int]
    batch_ids: frozenset[int]
    serial_ranges: tuple[tuple[str, str], ...]

    @property
    def title(self) -> str:
        return self.title_zh if (get_language() or "").startswith("zh") else self.title_en

    def covers(self, unit: Recallable, day: date) -> bool:
        """The same rule as `recall_scope`, for one unit already in hand."""
        if not self.starts_on <= day or (self.ends_on and day > self.ends_on):
            return False
        if unit.model_id not in self.model_ids:
            return False
        if not self.batch_ids and not self.serial_ranges:
            return True  # every unit of the models
        if unit.batch_id in self.batch_ids:
            return True
        return any(
            len(unit.serial) == len(first) and first <= unit.serial <= last
            for first, last in self.serial_ranges
        )

    def fact(self) -> RecallFact:
        return recall_fact(code=self.code, remedy=self.remedy)


def recall_fact(*, code: str, remedy: str) -> RecallFact:
    """The policy engine's view of a campaign's remedy."""
    if remedy == RecallRemedy.CHOICE:
        return RecallFact(campaign=code, remedy="replace", alternative="refund")
    return RecallFact(
        campaign=code, remedy="refund" if remedy == RecallRemedy.REFUND else "replace"
    )


RECALL_MEMO = SharedMemo("catalog:recalls-version")


def active_recalls(*, brand_id: int) -> list[ActiveRecall]:
    recalls: list[ActiveRecall] = RECALL_MEMO.get(brand_id, lambda: _active_recalls(brand_id))
    return recalls


def _active_recalls(brand_id: int) -> list[ActiveRecall]:
    return [
        ActiveRecall(
            id=recall.pk,
            code=recall.code,
            title_en=recall.title_en,
            title_zh=recall.title_zh,
            cause=recall.cause,
            remedy=recall.remedy,
            regulator_reference=recall.regulator_reference,
            starts_on=recall.starts_on,
            ends_on=recall.ends_on,
            model_ids=frozenset(m.pk for m in recall.product_models.all()),
            batch_ids=frozenset(b.pk for b in recall.batches.all()),
            serial_ranges=tuple((first, last) for first, last in recall.serial_ranges),
        )
        for recall in Recall.objects.filter(brand_id=brand_id, status=Recall.Status.ACTIVE)
        .prefetch_related("product_models", "batches")
        .order_by("starts_on", "pk")
    ]


def active_recalls_changed(*, brand_id: int) -> None:
    """After the commit, every process drops its active recalls (others within seconds)."""
    transaction.on_commit(RECALL_MEMO.changed)


def unit_recall(*, unit: Recallable, day: date) -> ActiveRecall | None:
    """The earliest running recall that covers the unit, if any."""
    for recall in active_recalls(brand_id=unit.brand_id):
        if recall.covers(unit, day):
            return recall
    return None


def recall_units(*, recall: Recall) -> QuerySet[Unit]:
    """The units in a recall's scope, as one indexed query (batches, model + serial range)."""
    return Unit.objects.filter(brand_id=recall.brand_id).filter(
        recall_scope(
            model_ids=[m.pk for m in recall.product_models.all()],
            batch_ids=[b.pk for b in recall.batches.all()],
            serial_ranges=recall.serial_ranges,
        )
    )
