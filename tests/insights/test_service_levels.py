"""Service levels: SLA compliance by month (serious repairs, return cycles, declarations),
the backlog by state and age, open return batches, and turnaround, on hand-made data."""

from datetime import date, timedelta

import pytest

from sanbao.insights.service_levels import (
    backlog_chart,
    open_batches_chart,
    service_levels,
    sla_chart,
    turnaround_chart,
)
from tests.insights.conftest import at, scope_of

pytestmark = pytest.mark.django_db

SLA_COLUMNS = [
    "Month",
    "Serious repairs in 7 working days: total",
    "Serious repairs in 7 working days: on time",
    "Serious repairs in 7 working days: %",
    "Return cycle in 3 working days: total",
    "Return cycle in 3 working days: on time",
    "Return cycle in 3 working days: %",
    "Declarations within 24 hours: total",
    "Declarations within 24 hours: on time",
    "Declarations within 24 hours: %",
]


@pytest.fixture
def sla_data(make_order, make_return_batch, make_claim, second_dealer, romoss_dealer,
             other_brand, foreign_model, cable):  # fmt: skip
    def serious(closed, due_on, **more):
        return make_order(created=closed - timedelta(days=3), closed=closed, due_on=due_on,
                          serious=True, **more)  # fmt: skip

    # January: 2 of 3 serious repairs on time.
    serious(at(2026, 1, 9), date(2026, 1, 10), model=cable)
    serious(at(2026, 1, 13, 0, 30), date(2026, 1, 12))  # 16:30 UTC on the due day: late
    serious(
        at(2026, 1, 20, 7, 30), date(2026, 1, 20), status="returned"
    )  # 23:30 UTC the day before
    make_order(closed=at(2026, 1, 15), due_on=date(2026, 1, 1))  # not serious
    serious(at(2026, 1, 15), date(2026, 1, 1), status="cancelled")
    serious(at(2025, 12, 31, 23, 30), date(2025, 12, 1))  # before the period
    make_order(serious=True, status="repairing", due_on=date(2026, 1, 1))  # still open
    serious(at(2026, 1, 5), date(2026, 1, 1), model=foreign_model)  # another brand
    # February: 00:30 on 1 February is January in UTC, February here.
    serious(at(2026, 2, 1, 0, 30), date(2026, 2, 3))

    make_return_batch(status="shipped", first_shipped=at(2026, 1, 20), on_time=True)
    make_return_batch(status="shipped", first_shipped=at(2026, 2, 3), on_time=False)
    make_return_batch(dealer_=second_dealer, status="part_shipped",
                      first_shipped=at(2026, 2, 28, 23), on_time=True)  # fmt: skip
    make_return_batch(status="inspecting")  # not shipped back yet
    make_return_batch(dealer_=romoss_dealer, brand_=other_brand, status="shipped",
                      first_shipped=at(2026, 1, 10), on_time=False)  # fmt: skip

    make_claim(submitted=at(2026, 1, 10))
    make_claim(submitted=at(2026, 2, 5), status="rejected", late=True)
    make_claim(submitted=at(2026, 1, 12), status="draft", late=True)
    make_claim(submitted=at(2026, 3, 3), status="accepted", model=cable)
    make_claim(submitted=at(2026, 1, 10), dealer_=romoss_dealer, brand_=other_brand, late=True)


def test_it_counts_compliance_per_month(sla_data, brand):
    chart, _figures = sla_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == SLA_COLUMNS
    assert chart.table.rows == [
        ["2026-01", 3, 2, 66.7, 1, 1, 100.0, 1, 1, 100.0],
        ["2026-02", 1, 1, 100.0, 2, 1, 50.0, 1, 0, 0.0],
        ["2026-03", 0, 0, None, 0, 0, None, 1, 1, 100.0],
    ]
    assert [s["data"] for s in chart.option["series"]] == [
        [66.7, 100.0, None], [100.0, 50.0, None], [100.0, 0.0, 100.0],
    ]  # fmt: skip
    assert chart.option["xAxis"]["data"] == ["2026-01", "2026-02", "2026-03"]


def test_its_figures_sum_the_period(sla_data, brand):
    _chart, figures = sla_chart(scope_of(brand))
    assert [(f.value, f.hint, f.tone) for f in figures] == [
        ("75.0 %", "3 of 4 on time", "bad"),
        ("66.7 %", "2 of 3 on time", "bad"),
        ("66.7 %", "2 of 3 on time", "bad"),
    ]


def test_a_month_all_on_time_is_good_and_an_empty_period_has_no_share(sla_data, brand):
    _chart, figures = sla_chart(scope_of(brand, start=date(2026, 2, 1), end=date(2026, 2, 28)))
    assert (figures[0].value, figures[0].tone) == ("100.0 %", "good")
    chart, empty = sla_chart(scope_of(brand, start=date(2025, 6, 1), end=date(2025, 6, 30)))
    assert chart.table.rows == [["2025-06", 0, 0, None, 0, 0, None, 0, 0, None]]
    assert [(f.value, f.hint, f.tone) for f in empty] == [("—", "0 of 0 on time", "")] * 3


def test_the_model_filter_narrows_repairs_and_declarations(sla_data, brand, cable):
    chart, _figures = sla_chart(scope_of(brand, model_id=cable.pk))
    assert chart.table.rows == [
        ["2026-01", 1, 1, 100.0, 1, 1, 100.0, 0, 0, None],
        ["2026-02", 0, 0, None, 2, 1, 50.0, 0, 0, None],
        ["2026-03", 0, 0, None, 0, 0, None, 1, 1, 100.0],
    ]


def test_the_dealer_filter_narrows_return_cycles_and_declarations(sla_data, brand,
                                                                  second_dealer):  # fmt: skip
    chart, _figures = sla_chart(scope_of(brand, dealer_id=second_dealer.pk))
    assert [row[4:] for row in chart.table.rows] == [
        [0, 0, None, 0, 0, None], [1, 1, 100.0, 0, 0, None], [0, 0, None, 0, 0, None],
    ]  # fmt: skip


def test_another_brand_sees_only_its_own(sla_data, other_brand):
    chart, _figures = sla_chart(scope_of(other_brand))
    assert chart.table.rows[0] == ["2026-01", 1, 0, 0.0, 1, 0, 0.0, 1, 0, 0.0]


# Backlog: now is 10 March 2026, 10:00 in Shanghai.


@pytest.fixture
def backlog(clock, make_order, foreign_model):
    now = clock(2026, 3, 10)
    for age, status in (
        (timedelta(days=1), "registered"),
        (timedelta(days=3) - timedelta(seconds=1), "registered"),  # still 0-2 days
        (timedelta(days=3), "registered"),  # 3 days to the second
        (timedelta(days=10), "diagnosing"),
        (timedelta(days=31) - timedelta(seconds=1), "awaiting_parts"),
        (timedelta(days=31), "transferred_to_hq"),
        (timedelta(days=200), "transferred_to_hq"),
    ):
        make_order(created=now - age, status=status)
    for status in ("closed", "returned", "cancelled"):
        make_order(created=now - timedelta(days=5), status=status)
    make_order(created=now - timedelta(days=1), model=foreign_model)
    return now


def test_the_backlog_counts_open_orders_by_state_and_age(backlog, brand):
    chart, figure = backlog_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Status", "0-2 d", "3-7 d", "8-14 d", "15-30 d", "over 30 days", "Open",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["Registered", 2, 1, 0, 0, 0, 3],
        ["Diagnosing", 0, 0, 1, 0, 0, 1],
        ["Waiting for parts", 0, 0, 0, 1, 0, 1],
        ["Sent to headquarters", 0, 0, 0, 0, 2, 2],
    ]
    assert (figure.label, figure.value) == ("Open orders now", "7")
    assert chart.option["series"][0] == {
        "name": "0-2 d",
        "type": "bar",
        "data": [2, 0, 0, 0],
        "stack": "total",
    }


def test_the_backlog_ignores_the_period_and_follows_the_outlet(backlog, brand, hq, outlet):
    old = scope_of(brand, start=date(2020, 1, 1), end=date(2020, 1, 31))
    assert backlog_chart(old)[1].value == "7"
    assert backlog_chart(scope_of(brand, outlet_id=hq.pk))[0].table.rows == []
    assert backlog_chart(scope_of(brand, outlet_id=outlet.pk))[1].value == "7"


def test_open_return_batches_by_state_with_those_past_their_due_day(
    clock, make_return_batch, brand, romoss_dealer, other_brand
):
    clock(2026, 3, 10)
    make_return_batch(status="submitted", received=None)
    make_return_batch(status="received", due_on=date(2026, 3, 9))
    make_return_batch(status="received", due_on=date(2026, 3, 10))  # due today: not yet late
    make_return_batch(status="inspecting", due_on=date(2026, 3, 1))
    make_return_batch(status="shipped", due_on=date(2026, 3, 1))
    make_return_batch(status="closed", due_on=date(2026, 3, 1))
    make_return_batch(dealer_=romoss_dealer, brand_=other_brand, due_on=date(2026, 3, 1))
    chart = open_batches_chart(scope_of(brand))
    assert chart.table.rows == [
        ["Packing list submitted", 1, 0],
        ["Received and counted", 2, 1],
        ["Being inspected", 1, 1],
    ]


def test_a_batch_due_yesterday_is_late_early_in_the_morning(clock, make_return_batch, brand):
    clock(2026, 3, 10, 7, 0)  # 23:00 on 9 March in UTC
    make_return_batch(status="received", due_on=date(2026, 3, 9))
    assert open_batches_chart(scope_of(brand)).table.rows == [["Received and counted", 1, 1]]


# Turnaround


@pytest.fixture
def closed_orders(make_order, foreign_model):
    for created, closed, serious, status in (
        (at(2026, 1, 5, 10), at(2026, 1, 5, 15), False, "closed"),  # 5 h
        (at(2026, 1, 6, 10), at(2026, 1, 7, 10), False, "closed"),  # 1 day to the second
        (at(2026, 1, 10, 10), at(2026, 1, 14, 10), True, "closed"),  # 4 days
        (at(2026, 1, 11, 10), at(2026, 2, 20, 10), True, "closed"),  # 40 days
        (at(2026, 2, 1, 10), at(2026, 2, 4, 15), True, "returned"),  # 3 days 5 h
    ):
        make_order(created=created, closed=closed, serious=serious, status=status)
    make_order(created=at(2026, 1, 5))  # open
    make_order(created=at(2026, 1, 5), closed=at(2026, 1, 6), status="cancelled")
    make_order(created=at(2025, 12, 1), closed=at(2025, 12, 31, 23, 30))  # before the period
    make_order(created=at(2026, 1, 5), closed=at(2026, 1, 25), model=foreign_model)


def test_turnaround_buckets_closed_orders_by_kind(closed_orders, brand):
    chart, _figure = turnaround_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Days from registration to closing", "Serious faults", "Other faults",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["0 d", 0, 1], ["1 d", 0, 1], ["2 d", 0, 0], ["3 d", 1, 0], ["4-5 d", 1, 0],
        ["6-7 d", 0, 0], ["8-10 d", 0, 0], ["11-15 d", 0, 0], ["16-30 d", 0, 0],
        ["over 30 days", 1, 0],
    ]  # fmt: skip


def test_the_average_turnaround_weighs_every_order_alike(closed_orders, brand):
    _chart, figure = turnaround_chart(scope_of(brand))
    # (5 + 24 + 96 + 960 + 77) h / 5 = 232.4 h = 9.68 days (the mean of the two kinds'
    # means would be 8.2).
    assert (figure.label, figure.value, figure.hint) == (
        "Average turnaround", "9.7 days", "5 closed orders",
    )  # fmt: skip


def test_turnaround_without_closed_orders(brand):
    chart, figure = turnaround_chart(scope_of(brand))
    assert {tuple(row[1:]) for row in chart.table.rows} == {(0, 0)}
    assert (figure.value, figure.hint) == ("—", "0 closed orders")


def test_the_board_puts_it_all_together(sla_data, brand):
    board = service_levels(scope_of(brand))
    assert [c.slug for c in board.charts] == ["sla", "backlog", "open-batches", "turnaround"]
    assert [str(f.label) for f in board.figures] == [
        "Serious repairs in 7 working days", "Return cycle in 3 working days",
        "Declarations within 24 hours", "Open orders now", "Average turnaround",
    ]  # fmt: skip
    assert board.chart("sla") is board.charts[0] and board.chart("nothing") is None
