"""Faults: the Pareto of faults from service orders and returned units, faults by model and
by production batch (per 1,000 units shipped), and the exclusions found, on hand-made data."""

from datetime import date

import pytest
from django.utils import translation

from sanbao.insights import faults as faults_module
from sanbao.insights.faults import (
    by_batch_chart,
    by_model_chart,
    exclusions_chart,
    fault_counts,
    faults,
    pareto_chart,
)
from tests.insights.conftest import at, scope_of

pytestmark = pytest.mark.django_db

PHYSICAL = "Handling, crushing, drop, moisture, liquid or foreign matter"
SURGE = "Lightning or electrical supply fault"
THIRD_PARTY = "Modified, repaired or opened by a third party"


@pytest.fixture
def recorded(make_order, make_return_batch, make_unit, make_production_batch, cable,
             foreign_model, romoss_dealer, other_brand):  # fmt: skip
    """Counted: no_charge 4 (orders), no_output 3 (1 order, 2 units), swelling 2 (units),
    port_damage 1 (order, on the cable). Exclusions: physical damage 2 + 1, surge 0 + 2,
    third party 1 + 0. Batches: B1 4 faults / 2,000 shipped, B2 3 / 500, B3 1 / none."""
    b1, b2, b3 = (make_production_batch(code, shipped=n)
                  for code, n in (("B1", 2000), ("B2", 500), ("B3", 0)))  # fmt: skip
    make_order(batch=b1, created=at(2026, 1, 1, 0, 0),
               exclusions=["physical_damage", "third_party_modification"])  # fmt: skip
    for created in (at(2026, 2, 3), at(2026, 3, 4), at(2026, 3, 31, 23, 59)):
        make_order(batch=b1, created=created, status="closed")
    make_order(batch=b2, fault="no_output", status="repairing")
    make_order(model=cable, fault="port_damage", status="returned")
    # Not faults: no fault found (its exclusion still counts), cancelled, before the period,
    # and another brand's.
    make_order(batch=b1, fault="no_fault_found", exclusions=["physical_damage"])
    make_order(batch=b1, fault="no_fault_found")
    make_order(batch=b1, status="cancelled", exclusions=["electrical_surge"])
    make_order(batch=b1, created=at(2025, 12, 31, 23, 59), exclusions=["electrical_surge"])
    for _i in range(2):
        make_order(model=foreign_model, fault="swelling", exclusions=["physical_damage"])

    returned = make_return_batch()
    confirmed = {"result": "fault_confirmed", "inspected": at(2026, 2, 10)}
    make_unit(returned, fault="no_output", production_batch=b2, exclusions=["electrical_surge"],
              **confirmed)  # fmt: skip
    make_unit(returned, fault="no_output", production_batch=b2, **confirmed)
    make_unit(returned, fault="swelling", production_batch=b3, exclusions=["physical_damage"],
              **confirmed)  # fmt: skip
    make_unit(returned, fault="swelling", **confirmed)
    make_unit(returned, result="no_fault_found", inspected=at(2026, 2, 11),
              exclusions=["electrical_surge"])  # fmt: skip
    make_unit(returned, fault="no_output", production_batch=b2, result="fault_confirmed",
              inspected=at(2025, 12, 20))  # fmt: skip
    make_unit(returned, fault="no_output", production_batch=b2)  # not inspected yet
    foreign = make_return_batch(dealer_=romoss_dealer, brand_=other_brand)
    make_unit(foreign, model=foreign_model, fault="swelling", exclusions=["physical_damage"],
              **confirmed)  # fmt: skip


def test_the_pareto_ranks_faults_with_their_cumulative_share(recorded, brand):
    chart, found = pareto_chart(fault_counts(scope_of(brand)))
    assert [str(c) for c in chart.table.columns] == [
        "Fault", "Service orders", "Returned units", "Total", "Cumulative %",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["Does not charge", 4, 0, 4, 40.0],
        ["No output", 1, 2, 3, 70.0],
        ["Swollen battery", 0, 2, 2, 90.0],
        ["Damaged port or connector", 1, 0, 1, 100.0],
    ]
    assert found == {"no_charge": 4, "no_output": 3, "swelling": 2, "port_damage": 1}
    bars, line = chart.option["series"]
    assert (bars["data"], line["data"]) == ([4, 3, 2, 1], [40.0, 70.0, 90.0, 100.0])
    assert line["yAxisIndex"] == 1 and chart.option["yAxis"][1]["max"] == 100


def test_the_model_filter_narrows_orders_and_units(recorded, brand, bank, cable):
    chart, _found = pareto_chart(fault_counts(scope_of(brand, model_id=bank.pk)))
    assert [(r[0], r[3], r[4]) for r in chart.table.rows] == [
        ("Does not charge", 4, 44.4), ("No output", 3, 77.8), ("Swollen battery", 2, 100.0),
    ]  # fmt: skip
    chart, _found = pareto_chart(fault_counts(scope_of(brand, model_id=cable.pk)))
    assert chart.table.rows == [["Damaged port or connector", 1, 0, 1, 100.0]]


def test_the_outlet_filter_narrows_orders_and_the_dealer_filter_units(
    recorded, brand, hq, dealer, second_dealer
):
    # Ties rank in no fixed order: compare as sets.
    at_hq, _found = pareto_chart(fault_counts(scope_of(brand, outlet_id=hq.pk)))
    assert {(r[0], r[1], r[2]) for r in at_hq.table.rows} == {
        ("No output", 0, 2), ("Swollen battery", 0, 2),
    }  # fmt: skip
    other_dealer, _found = pareto_chart(fault_counts(scope_of(brand, dealer_id=second_dealer.pk)))
    assert other_dealer.table.rows[0] == ["Does not charge", 4, 0, 4, 66.7]
    assert {(r[0], r[1], r[2]) for r in other_dealer.table.rows[1:]} == {
        ("No output", 1, 0), ("Damaged port or connector", 1, 0),
    }  # fmt: skip


def test_another_brand_sees_only_its_own(recorded, other_brand):
    chart, _found = pareto_chart(fault_counts(scope_of(other_brand)))
    assert chart.table.rows == [["Swollen battery", 2, 1, 3, 100.0]]


def test_fault_names_follow_the_language(recorded, brand):
    with translation.override("zh-hans"):
        chart, _found = pareto_chart(fault_counts(scope_of(brand)))
    assert chart.table.column(0) == ["无法充电", "无输出", "电池鼓包", "接口损坏"]


def test_faults_by_model_stack_the_most_frequent_faults(recorded, brand):
    _pareto, found = pareto_chart(fault_counts(scope_of(brand)))
    chart = by_model_chart(fault_counts(scope_of(brand)), found)
    assert [str(c) for c in chart.table.columns] == [
        "Model", "Does not charge", "No output", "Swollen battery", "Damaged port or connector",
        "Other faults", "Total",
    ]  # fmt: skip
    assert chart.table.rows == [["TOP-PB10", 4, 3, 2, 0, 0, 9], ["TOP-C1", 0, 0, 0, 1, 0, 1]]


def test_faults_beyond_the_top_ones_are_other_faults(recorded, brand, monkeypatch):
    monkeypatch.setattr(faults_module, "TOP_FAULTS", 2)
    _pareto, found = pareto_chart(fault_counts(scope_of(brand)))
    chart = by_model_chart(fault_counts(scope_of(brand)), found)
    assert chart.table.rows == [["TOP-PB10", 4, 3, 2, 9], ["TOP-C1", 0, 0, 1, 1]]


def test_production_batches_by_faults_with_the_rate_per_thousand_shipped(recorded, brand):
    chart = by_batch_chart(fault_counts(scope_of(brand)))
    assert [str(c) for c in chart.table.columns] == [
        "Production batch", "Faults", "Units shipped", "Faults per 1,000",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["TOP-PB10 · B1", 4, 2000, 2.0],
        ["TOP-PB10 · B2", 3, 500, 6.0],
        ["TOP-PB10 · B3", 1, 0, None],  # nothing shipped: no rate
    ]


def test_the_batch_list_keeps_the_most_faulty(recorded, brand, monkeypatch):
    monkeypatch.setattr(faults_module, "TOP_BATCHES", 2)
    assert by_batch_chart(fault_counts(scope_of(brand))).table.column(0) == [
        "TOP-PB10 · B1",
        "TOP-PB10 · B2",
    ]


def test_exclusions_are_counted_from_the_lists_of_orders_and_units(recorded, brand):
    chart, total = exclusions_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Exclusion", "Service orders", "Returned units", "Total",
    ]  # fmt: skip
    assert chart.table.rows == [[PHYSICAL, 2, 1, 3], [SURGE, 0, 2, 2], [THIRD_PARTY, 1, 0, 1]]
    assert total == 6


def test_exclusions_follow_the_period(recorded, brand):
    december = scope_of(brand, start=date(2025, 12, 1), end=date(2025, 12, 31))
    chart, total = exclusions_chart(december)
    assert chart.table.rows == [[SURGE, 1, 0, 1]] and total == 1


def test_the_board_figures(recorded, brand):
    board = faults(scope_of(brand))
    assert [(str(f.label), f.value, str(f.hint)) for f in board.figures] == [
        ("Faults recorded", "10", ""),
        ("Most frequent fault", "Does not charge", "4 times"),
        ("Exclusions found", "6", ""),
    ]
    assert [c.slug for c in board.charts] == [
        "fault-pareto", "faults-by-model", "faults-by-batch", "exclusions",
    ]  # fmt: skip


def test_an_empty_period_has_no_rows(recorded, brand):
    board = faults(scope_of(brand, start=date(2024, 1, 1), end=date(2024, 1, 31)))
    assert [c.table.rows for c in board.charts] == [[], [], [], []]
    assert [f.value for f in board.figures] == ["0", "—", "0"]
