"""Recall scopes: the SQL predicate and the in-memory check agree; the memo follows changes."""

from datetime import date, timedelta
from itertools import product

import pytest
from django.utils import timezone

from sanbao.catalog.forms import RecallForm
from sanbao.catalog.models import ProductionBatch, ProductModel, Recall, Unit, recall_scope
from sanbao.catalog.recall_scopes import (
    active_recalls,
    active_recalls_changed,
    recall_fact,
    recall_units,
    unit_recall,
)
from sanbao.catalog.recalls import recall_save, recall_status_set

pytestmark = pytest.mark.django_db

RANGE_A = ["TOPA0010", "TOPA0020"]
RANGE_B = ["TOPB0000", "TOPB0099"]
RANGE_LONG = ["TOPA001000", "TOPA009999"]


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def catalog(brand, other_brand):
    model_a = ProductModel.objects.create(
        brand=brand, sku="TOP-PB10", name_en="Bank 10", name_zh="移动电源10",
        category="power_bank", capacity_mah=10000,
    )  # fmt: skip
    model_b = ProductModel.objects.create(
        brand=brand, sku="TOP-CB1", name_en="Cable", name_zh="数据线", category="cable"
    )
    model_r = ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="Bank 20", name_zh="移动电源20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    day = date(2025, 3, 1)
    batch = {
        code: ProductionBatch.objects.create(
            model=model, code=code, produced_from=day, produced_to=day
        )
        for code, model in (("A1", model_a), ("A2", model_a), ("B1", model_b), ("R1", model_r))
    }
    rows = [
        # serial, model, batch
        ("TOPA0001", model_a, "A1"),
        ("TOPA0010", model_a, "A1"),  # first serial of RANGE_A
        ("TOPA0015", model_a, "A2"),
        ("TOPA0020", model_a, None),  # last serial of RANGE_A
        ("TOPA0021", model_a, "A2"),  # just after RANGE_A
        ("TOPA00150", model_a, None),  # between RANGE_A's ends as text, but longer
        ("TOPA001500", model_a, "A1"),  # in RANGE_LONG
        ("TOPB0012", model_b, "B1"),
        ("TOPB0030", model_b, None),
        ("TOPA0012", model_r, "R1"),  # another brand, same serial shape
    ]
    units = [
        Unit.objects.create(
            brand=model.brand,
            serial=serial,
            model=model,
            batch=batch[code] if code else None,
            produced_on=day,
        )
        for serial, model, code in rows
    ]
    return {"models": (model_a, model_b, model_r), "batches": batch, "units": units}


@pytest.fixture
def manager(make_user):
    return make_user("manager")


def _recall(brand, manager, today, *, models, batches=(), ranges=(), status="active", **fields):
    recall = Recall.objects.create(
        brand=brand,
        code=fields.pop("code", "rc-1"),
        title_en=fields.pop("title_en", "Bank 10 overheating"),
        title_zh=fields.pop("title_zh", "移动电源过热召回"),
        cause="Cells may overheat.",
        remedy=fields.pop("remedy", "replace"),
        serial_ranges=[list(pair) for pair in ranges],
        starts_on=fields.pop("starts_on", today - timedelta(days=10)),
        status=status,
        created_by=manager,
        **fields,
    )
    recall.product_models.set(models)
    recall.batches.set(batches)
    return recall


def _active_for(recall: Recall):
    return next(
        active for active in active_recalls(brand_id=recall.brand_id) if active.id == recall.pk
    )


def test_it_covers_every_unit_of_the_models_without_batches_or_ranges(
    brand, manager, today, catalog
):
    model_a, _model_b, _model_r = catalog["models"]
    recall = _recall(brand, manager, today, models=[model_a])
    serials = set(recall_units(recall=recall).values_list("serial", flat=True))
    assert serials == {
        "TOPA0001", "TOPA0010", "TOPA0015", "TOPA0020", "TOPA0021", "TOPA00150", "TOPA001500",
    }  # fmt: skip
    active = _active_for(recall)
    assert all(active.covers(unit, today) for unit in catalog["units"] if unit.model == model_a)


def test_it_narrows_to_batches_or_ranges_of_the_same_length(brand, manager, today, catalog):
    model_a, model_b, _model_r = catalog["models"]
    recall = _recall(
        brand, manager, today,
        models=[model_a, model_b], batches=[catalog["batches"]["A2"]], ranges=[RANGE_A],
    )  # fmt: skip
    serials = set(recall_units(recall=recall).values_list("serial", flat=True))
    # A2's units, plus model A and B units in TOPA0010…TOPA0020 with eight characters.
    assert serials == {"TOPA0010", "TOPA0015", "TOPA0020", "TOPA0021"}


def test_it_agrees_with_the_sql_scope_on_every_mix_of_models_batches_and_ranges(
    brand, manager, today, catalog, django_capture_on_commit_callbacks
):
    model_a, model_b, _model_r = catalog["models"]
    batches = catalog["batches"]
    recall = _recall(brand, manager, today, models=[model_a])
    model_choices = [[model_a], [model_b], [model_a, model_b]]
    batch_choices = [[], [batches["A1"]], [batches["A2"], batches["B1"]]]
    range_choices = [[], [RANGE_A], [RANGE_A, RANGE_B], [RANGE_LONG]]
    checked = 0
    for models, chosen_batches, ranges in product(model_choices, batch_choices, range_choices):
        recall.product_models.set(models)
        recall.batches.set(chosen_batches)
        recall.serial_ranges = ranges
        recall.save()
        with django_capture_on_commit_callbacks(execute=True):
            active_recalls_changed(brand_id=brand.pk)
        active = _active_for(recall)
        in_sql = set(recall_units(recall=recall).values_list("pk", flat=True))
        in_memory = {unit.pk for unit in catalog["units"] if active.covers(unit, today)}
        scope = ([m.sku for m in models], [b.code for b in chosen_batches], ranges)
        assert in_sql == in_memory, scope
        # The predicate alone, without the brand filter, says the same.
        by_predicate = set(
            Unit.objects.filter(
                recall_scope(
                    model_ids=[m.pk for m in models],
                    batch_ids=[b.pk for b in chosen_batches],
                    serial_ranges=ranges,
                )
            ).values_list("pk", flat=True)
        )
        assert by_predicate == in_sql, scope
        checked += 1
    assert checked == 36


def test_it_keeps_serials_of_another_length_out_of_a_range(brand, manager, today, catalog):
    model_a, _model_b, _model_r = catalog["models"]
    recall = _recall(brand, manager, today, models=[model_a], ranges=[RANGE_A])
    longer = next(unit for unit in catalog["units"] if unit.serial == "TOPA00150")
    assert not recall_units(recall=recall).filter(pk=longer.pk).exists()
    assert not _active_for(recall).covers(longer, today)


def test_it_covers_only_while_the_recall_runs(brand, manager, today, catalog):
    model_a, _model_b, _model_r = catalog["models"]
    unit = catalog["units"][0]
    recall = _recall(
        brand, manager, today, models=[model_a], starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=5),
    )  # fmt: skip
    active = _active_for(recall)
    assert active.covers(unit, today)
    assert active.covers(unit, today + timedelta(days=5))
    assert not active.covers(unit, today - timedelta(days=6))
    assert not active.covers(unit, today + timedelta(days=6))


def test_it_finds_the_earliest_running_recall_of_the_units_brand(brand, manager, today, catalog):
    model_a, _model_b, _model_r = catalog["models"]
    unit = catalog["units"][0]
    _recall(brand, manager, today, models=[model_a], code="later", starts_on=today)
    _recall(
        brand, manager, today, models=[model_a], code="earlier",
        starts_on=today - timedelta(days=30),
    )  # fmt: skip
    _recall(brand, manager, today, models=[model_a], code="draft", status="draft",
            starts_on=today - timedelta(days=60))  # fmt: skip
    found = unit_recall(unit=unit, day=today)
    assert found is not None and found.code == "earlier"
    other = catalog["units"][-1]  # ROMOSS unit with a TOP-like serial
    assert unit_recall(unit=other, day=today) is None


@pytest.mark.parametrize(
    ("status", "starts", "ends"),
    [("draft", -10, None), ("closed", -10, None), ("active", 3, None), ("active", -10, -1)],
)
def test_it_finds_no_recall_that_is_not_running(
    brand, manager, today, catalog, status, starts, ends
):
    model_a, _model_b, _model_r = catalog["models"]
    _recall(
        brand, manager, today, models=[model_a], status=status,
        starts_on=today + timedelta(days=starts),
        ends_on=None if ends is None else today + timedelta(days=ends),
    )  # fmt: skip
    assert unit_recall(unit=catalog["units"][0], day=today) is None


def test_it_answers_from_the_cache_without_queries(
    brand, manager, today, catalog, django_assert_num_queries
):
    model_a, _model_b, _model_r = catalog["models"]
    _recall(brand, manager, today, models=[model_a])
    unit = catalog["units"][0]
    assert unit_recall(unit=unit, day=today) is not None
    with django_assert_num_queries(0):
        assert unit_recall(unit=unit, day=today) is not None


def test_it_drops_the_cached_scopes_once_a_status_change_commits(
    brand, manager, today, catalog, django_capture_on_commit_callbacks
):
    model_a, _model_b, _model_r = catalog["models"]
    unit = catalog["units"][0]
    recall = _recall(brand, manager, today, models=[model_a], status="draft")
    assert unit_recall(unit=unit, day=today) is None  # caches "no active recall"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        recall_status_set(recall=recall, status="active", by=manager)
    assert unit_recall(unit=unit, day=today) is None  # not committed yet: cache untouched
    assert callbacks
    for callback in callbacks:
        callback()
    found = unit_recall(unit=unit, day=today)
    assert found is not None and found.id == recall.pk
    with django_capture_on_commit_callbacks(execute=True):
        recall_status_set(recall=recall, status="closed", by=manager)
    assert unit_recall(unit=unit, day=today) is None


def test_it_drops_the_cached_scopes_when_a_recall_is_saved(
    brand, manager, today, catalog, django_capture_on_commit_callbacks
):
    model_a, model_b, _model_r = catalog["models"]
    cable = next(unit for unit in catalog["units"] if unit.serial == "TOPB0030")
    recall = _recall(brand, manager, today, models=[model_a])
    assert unit_recall(unit=cable, day=today) is None
    form = RecallForm(
        {
            "brand": brand.pk, "code": recall.code, "title_en": recall.title_en,
            "title_zh": recall.title_zh, "cause": recall.cause, "remedy": recall.remedy,
            "product_models": [model_a.pk, model_b.pk], "starts_on": recall.starts_on,
        },
        instance=recall,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        recall_save(form=form, by=manager)
    found = unit_recall(unit=cable, day=today)
    assert found is not None and found.id == recall.pk


def test_it_drops_the_old_brands_cache_when_a_recall_changes_brand(
    brand, other_brand, manager, today, catalog, django_capture_on_commit_callbacks
):
    model_a, _model_b, model_r = catalog["models"]
    unit = catalog["units"][0]
    recall = _recall(brand, manager, today, models=[model_a])
    assert unit_recall(unit=unit, day=today) is not None  # cached for TOP
    form = RecallForm(
        {
            "brand": other_brand.pk, "code": recall.code, "title_en": recall.title_en,
            "title_zh": recall.title_zh, "cause": recall.cause, "remedy": recall.remedy,
            "product_models": [model_r.pk], "starts_on": recall.starts_on,
        },
        instance=recall,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        recall_save(form=form, by=manager)
    assert unit_recall(unit=unit, day=today) is None


def test_it_reads_the_title_in_the_active_language(brand, manager, today, catalog):
    from django.utils import translation

    model_a, _model_b, _model_r = catalog["models"]
    recall = _recall(brand, manager, today, models=[model_a])
    active = _active_for(recall)
    with translation.override("zh-hans"):
        assert active.title == "移动电源过热召回"
        assert recall.title == "移动电源过热召回"
    with translation.override("en"):
        assert active.title == "Bank 10 overheating"


@pytest.mark.parametrize(
    ("remedy", "expected", "alternative"),
    [("replace", "replace", None), ("refund", "refund", None), ("choice", "replace", "refund")],
)
def test_it_gives_the_policy_engine_the_remedy(remedy, expected, alternative):
    fact = recall_fact(code="rc-1", remedy=remedy)
    assert fact.campaign == "rc-1"
    assert fact.remedy == expected
    assert fact.alternative == alternative
