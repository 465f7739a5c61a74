"""A recall draft started from a flagged batch: pre-filled, once, by managers of its brand."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sanbao.catalog.models import Recall, RecallRemedy, Unit
from sanbao.config.errors import DomainError
from sanbao.insights.recall_drafts import recall_draft_start
from tests.insights.test_quality import seed_quality

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(bank, foreign_model, outlet, dealer, users):
    return seed_quality(bank=bank, foreign_model=foreign_model, outlet=outlet, dealer=dealer,
                        by=users["front_desk"])  # fmt: skip


def test_it_fills_in_a_draft_from_a_batch_above_its_limit(seeded, users, bank, brand, dealer):
    c = seeded.batches["C"]
    Unit.objects.create(brand=brand, serial="TOP0000000777", model=bank, batch=c,
                        dealer=dealer, produced_on=date(2025, 3, 5), shipped_on=date(2025, 4, 1),
                        status="shipped")  # fmt: skip
    recall = recall_draft_start(batch_id=c.pk, by=users["manager"])
    assert recall.status == Recall.Status.DRAFT
    assert (recall.brand, recall.code, recall.created_by) == (brand, "TOP-PB10-C", users["manager"])
    assert recall.title_en == "Recall of Bank 10 (TOP-PB10) batch C"
    assert recall.title_zh == "移动电源10（TOP-PB10）批次 C 召回"  # noqa: RUF001
    assert list(recall.product_models.all()) == [bank]
    assert list(recall.batches.all()) == [c]
    assert recall.serial_ranges == []
    assert recall.remedy == RecallRemedy.CHOICE  # no hazard
    assert recall.starts_on == timezone.localdate() and recall.ends_on is None
    assert recall.cause.startswith("15 confirmed faults in 1000 units shipped from batch C")
    assert "Failure rate 15.0 ‰ against an upper control limit of 8.45 ‰" in recall.cause
    assert "centre line is 3.14 ‰" in recall.cause
    assert recall.units_in_scope == 1  # counted as any saved recall is


def test_a_hazard_batch_gets_a_free_replacement_and_its_hazards_in_the_cause(seeded, users):
    recall = recall_draft_start(batch_id=seeded.batches["H"].pk, by=users["manager"])
    assert recall.remedy == RecallRemedy.REPLACE
    assert "Hazard faults: Swollen battery × 1." in recall.cause  # noqa: RUF001


def test_a_second_draft_of_the_same_batch_is_refused(seeded, users):
    c = seeded.batches["C"]
    first = recall_draft_start(batch_id=c.pk, by=users["manager"])
    with pytest.raises(DomainError) as refused:
        recall_draft_start(batch_id=c.pk, by=users["manager"])
    assert (refused.value.status, refused.value.code) == (409, "recall_exists")
    assert first.code in refused.value.message
    first.status = Recall.Status.CLOSED
    first.save()
    again = recall_draft_start(batch_id=c.pk, by=users["manager"])  # the old one is closed
    assert again.code == "TOP-PB10-C-2"


def test_an_active_recall_of_the_whole_model_covers_the_batch(seeded, users, bank, brand):
    recall = Recall.objects.create(
        brand=brand, code="ALL", title_en="All", title_zh="全部", cause="x", remedy="refund",
        starts_on=date(2026, 1, 1), status=Recall.Status.ACTIVE, created_by=users["manager"],
    )  # fmt: skip
    recall.product_models.set([bank])
    with pytest.raises(DomainError) as refused:
        recall_draft_start(batch_id=seeded.batches["A"].pk, by=users["manager"])
    assert refused.value.status == 409 and "ALL" in refused.value.message
    recall.serial_ranges = [["TOP0000000001", "TOP0000000009"]]  # now only a serial range
    recall.save()
    assert recall_draft_start(batch_id=seeded.batches["A"].pk, by=users["manager"]).pk


@pytest.mark.parametrize("role", ["front_desk", "auditor", "technician"])
def test_only_managers_may_start_a_draft(seeded, users, role):
    with pytest.raises(PermissionDenied):
        recall_draft_start(batch_id=seeded.batches["C"].pk, by=users[role])
    assert not Recall.objects.exists()


def test_another_brands_batch_is_not_found(seeded, make_user, other_brand):
    manager = make_user("manager", username="rms-manager")
    manager.brands.set([other_brand])
    with pytest.raises(DomainError) as refused:
        recall_draft_start(batch_id=seeded.batches["C"].pk, by=manager)
    assert refused.value.status == 404
    assert recall_draft_start(batch_id=seeded.foreign.pk, by=manager).brand == other_brand


def test_a_batch_code_that_starts_with_the_sku_is_not_repeated(seeded, users, bank):
    from sanbao.catalog.models import ProductionBatch

    batch = ProductionBatch.objects.create(
        model=bank, code="top-pb10-2601", produced_from=date(2026, 1, 1),
        produced_to=date(2026, 1, 9), units_shipped=100,
    )  # fmt: skip
    assert recall_draft_start(batch_id=batch.pk, by=users["manager"]).code == "TOP-PB10-2601"
