"""Dealers: return rates (declared units of batches received ÷ units shipped to the dealer
in the period's months) and the discrepancies found at receipt, on hand-made data."""

from datetime import date

import pytest

from sanbao.catalog.models import DealerShipment
from sanbao.insights.dealers import dealers, discrepancies_chart, return_rates_chart
from tests.insights.conftest import at, scope_of

pytestmark = pytest.mark.django_db

HZ, NJ = "杭州数码通讯器材有限公司", "南京电子商行"


@pytest.fixture
def returned(brand, other_brand, dealer, second_dealer, romoss_dealer, cable, foreign_model,
             make_return_batch, make_unit):  # fmt: skip
    """hz: 100 shipped in January and March, 6 units back in two batches (one extra unit,
    a box short); nj: 300 shipped in February, 3 back (one missing, one wrong model)."""
    for owner, seller, month, units in (
        (brand, dealer, date(2025, 12, 1), 500),  # before the period
        (brand, dealer, date(2026, 1, 1), 100),
        (brand, dealer, date(2026, 3, 1), 100),
        (brand, dealer, date(2026, 4, 1), 700),  # after it
        (brand, second_dealer, date(2026, 2, 1), 300),
        (other_brand, romoss_dealer, date(2026, 1, 1), 1000),
    ):
        DealerShipment.objects.create(brand=owner, dealer=seller, month=month, units=units)
    first = make_return_batch(received=at(2026, 1, 15), boxes=2, boxes_received=1)
    for _i in range(3):
        make_unit(first)
    make_unit(first, model=cable)
    make_unit(first, declared=False)  # found in the box, not on the list
    last = make_return_batch(received=at(2026, 3, 31, 23))
    make_unit(last)
    make_unit(last)
    nj = make_return_batch(dealer_=second_dealer, received=at(2026, 2, 10))
    make_unit(nj, state="missing")
    make_unit(nj, received_model=cable)
    make_unit(nj)
    for not_counted in (
        make_return_batch(received=at(2025, 12, 31, 23, 59)),
        make_return_batch(status="in_transit", received=None),
    ):
        make_unit(not_counted)
        make_unit(not_counted, declared=False)
    foreign = make_return_batch(dealer_=romoss_dealer, brand_=other_brand, boxes=3,
                                boxes_received=2)  # fmt: skip
    make_unit(foreign, model=foreign_model)
    make_unit(foreign, model=foreign_model, state="missing")


def test_return_rates_per_dealer_most_returns_first(returned, brand):
    chart, figure = return_rates_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Dealer", "Units shipped to the dealer", "Units returned", "Return rate %",
    ]  # fmt: skip
    assert chart.table.rows == [[HZ, 200, 6, 3.0], [NJ, 300, 3, 1.0]]
    assert (str(figure.label), figure.value, str(figure.hint)) == (
        "Return rate", "1.8 %", "9 of 500 units",
    )  # fmt: skip
    assert chart.option["series"][0]["data"] == [3.0, 1.0]


def test_a_part_month_counts_that_month_s_shipments(returned, brand):
    chart, _figure = return_rates_chart(
        scope_of(brand, start=date(2026, 1, 10), end=date(2026, 3, 15))
    )
    assert chart.table.rows == [[HZ, 200, 4, 2.0], [NJ, 300, 3, 1.0]]


def test_the_model_filter_narrows_the_returns_only(returned, brand, cable):
    chart, figure = return_rates_chart(scope_of(brand, model_id=cable.pk))
    assert chart.table.rows == [[HZ, 200, 1, 0.5], [NJ, 300, 0, 0.0]]
    assert (figure.value, str(figure.hint)) == ("0.2 %", "1 of 500 units")


def test_the_dealer_filter(returned, brand, second_dealer):
    chart, _figure = return_rates_chart(scope_of(brand, dealer_id=second_dealer.pk))
    assert chart.table.rows == [[NJ, 300, 3, 1.0]]


def test_nothing_shipped_no_rate(brand, dealer, make_return_batch, make_unit):
    make_unit(make_return_batch(received=at(2026, 2, 1)))
    chart, figure = return_rates_chart(scope_of(brand))
    assert chart.table.rows == [[HZ, 0, 1, None]]
    assert (figure.value, str(figure.hint)) == ("—", "1 of 0 units")


def test_discrepancies_per_dealer(returned, brand):
    chart, figure = discrepancies_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Dealer", "Batches received", "Units declared", "Missing", "Extra", "Wrong model",
        "Batches with boxes short", "Units in discrepancy %",
    ]  # fmt: skip
    assert chart.table.rows == [
        [HZ, 2, 6, 0, 1, 0, 1, 16.7],
        [NJ, 1, 3, 1, 0, 1, 0, 66.7],
    ]
    assert (str(figure.label), figure.value, str(figure.hint)) == (
        "Batches received", "3", "2 dealers with discrepancies",
    )  # fmt: skip


def test_a_clean_batch_is_no_discrepancy(brand, make_return_batch, make_unit):
    make_unit(make_return_batch(received=at(2026, 2, 1), boxes=2, boxes_received=2))
    chart, figure = discrepancies_chart(scope_of(brand))
    assert chart.table.rows == [[HZ, 1, 1, 0, 0, 0, 0, 0.0]]
    assert str(figure.hint) == "0 dealers with discrepancies"


def test_another_brand_sees_only_its_own(returned, other_brand):
    rates, _rate = return_rates_chart(scope_of(other_brand))
    assert rates.table.rows == [["上海数码", 1000, 2, 0.2]]
    found, _received = discrepancies_chart(scope_of(other_brand))
    assert found.table.rows == [["上海数码", 1, 2, 1, 0, 0, 1, 50.0]]


def test_the_board(returned, brand):
    board = dealers(scope_of(brand))
    assert [c.slug for c in board.charts] == ["return-rates", "discrepancies"]
    assert [f.value for f in board.figures] == ["1.8 %", "3"]
