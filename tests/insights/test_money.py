"""Money and material: approved quotes and returned units' charges by month, the quotes'
approval share, and the parts repairs consumed, on hand-made data."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from sanbao.insights import money as money_module
from sanbao.insights.money import money, parts_chart, revenue_chart
from sanbao.service.models import Quote
from tests.insights.conftest import at, scope_of

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def orders(make_order, hq, cable, foreign_model):
    return {
        "o1": make_order(),
        "o2": make_order(model=cable),
        "o3": make_order(outlet_=hq),
        "o4": make_order(),
        "o5": make_order(),
        "o6": make_order(),
        "foreign": make_order(model=foreign_model),
    }


@pytest.fixture
def earned(orders, make_quote, make_return_batch, make_unit, romoss_dealer, other_brand,
           foreign_model):  # fmt: skip
    make_quote(orders["o1"], "120.50", decided=at(2026, 1, 10))
    make_quote(orders["o2"], "80.00", decided=at(2026, 2, 1, 7))  # 31 January in UTC
    make_quote(orders["o3"], "45.25", decided=at(2026, 3, 2))
    make_quote(orders["o4"], "300.00", status=Quote.Status.DECLINED, decided=at(2026, 2, 5))
    make_quote(orders["o5"], "70.00", status=Quote.Status.PENDING, decided=None)
    make_quote(orders["o6"], "60.00", decided=at(2025, 12, 31, 23))
    make_quote(orders["foreign"], "999.00", decided=at(2026, 1, 10))
    returned = make_return_batch()
    make_unit(returned, inspected=at(2026, 2, 3), charge="30.00")
    make_unit(returned, inspected=at(2026, 2, 10), charge="20.00")
    make_unit(returned, inspected=at(2026, 2, 11), charge="0")
    make_unit(returned, inspected=at(2025, 12, 20), charge="10.00")
    foreign = make_return_batch(dealer_=romoss_dealer, brand_=other_brand)
    make_unit(foreign, model=foreign_model, inspected=at(2026, 2, 3), charge="50.00")


def test_revenue_by_month_from_approved_quotes_and_charged_units(earned, brand):
    chart, _figures = revenue_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Month", "Paid repairs", "Paid repairs (CNY)", "Charged returned units",
        "Returned units (CNY)", "Total (CNY)",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["2026-01", 1, D("120.50"), 0, D("0.00"), D("120.50")],
        ["2026-02", 1, D("80.00"), 2, D("50.00"), D("130.00")],
        ["2026-03", 1, D("45.25"), 0, D("0.00"), D("45.25")],
    ]
    assert [s["data"] for s in chart.option["series"]] == [[120.5, 80.0, 45.25], [0.0, 50.0, 0.0]]


def test_revenue_figures_and_the_approval_share(earned, brand):
    _chart, figures = revenue_chart(scope_of(brand))
    assert [(str(f.label), f.value, str(f.hint)) for f in figures] == [
        ("Revenue outside the warranty", "¥295.75", ""),
        ("Quotes approved", "75.0 %", "4 quotes answered"),  # 3 approved, 1 declined
    ]


def test_revenue_follows_the_outlet_and_model_filters(earned, brand, hq, cable):
    at_hq, _figures = revenue_chart(scope_of(brand, outlet_id=hq.pk))
    assert [row[1:3] for row in at_hq.table.rows] == [[0, D("0.00")], [0, D("0.00")],
                                                      [1, D("45.25")]]  # fmt: skip
    cables, figures = revenue_chart(scope_of(brand, model_id=cable.pk))
    assert cables.table.rows[1] == ["2026-02", 1, D("80.00"), 0, D("0.00"), D("80.00")]
    assert [(f.value, str(f.hint)) for f in figures] == [
        ("¥80.00", ""), ("100.0 %", "1 quote answered"),
    ]  # fmt: skip


def test_no_answered_quote_no_share(brand):
    _chart, figures = revenue_chart(scope_of(brand))
    assert [(f.value, str(f.hint)) for f in figures] == [
        ("¥0.00", ""), ("—", "0 quotes answered"),
    ]  # fmt: skip


def test_another_brand_sees_only_its_own(earned, other_brand):
    chart, figures = revenue_chart(scope_of(other_brand))
    assert chart.table.rows[0] == ["2026-01", 1, D("999.00"), 0, D("0.00"), D("999.00")]
    assert chart.table.rows[1] == ["2026-02", 0, D("0.00"), 1, D("50.00"), D("50.00")]
    assert figures[0].value == "¥1,049.00"


@pytest.fixture
def fitted(orders, make_part, make_part_use, other_brand):
    port = make_part("PT-PORT", "USB-C port", "USB-C接口", "5.00")
    cell = make_part("PT-CELL", "Cell pack", "电芯组", "20.00")
    led = make_part("PT-LED", "LED board", "指示灯板", "1.00")
    make_part_use(orders["o1"], port, 2, "8.00")
    make_part_use(orders["o2"], port, 1, "0.00", when=at(2026, 3, 31, 23, 59))
    make_part_use(orders["o3"], cell, 1, "35.00", when=at(2026, 2, 2))
    make_part_use(orders["o1"], led, 3, "2.00")
    make_part_use(orders["o1"], cell, 5, "35.00", when=at(2025, 12, 20))  # before the period
    foreign = make_part("RMS-CELL", "Cell", "电芯", "9.00", brand_=other_brand)
    make_part_use(orders["foreign"], foreign, 9, "9.00")


def test_parts_most_fitted_first_with_cost_and_charge(fitted, brand):
    chart, figure = parts_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Part", "Quantity", "Orders", "Cost (CNY)", "Charged (CNY)",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["PT-LED LED board", 3, 1, D("3.00"), D("6.00")],  # as many as the port: by code
        ["PT-PORT USB-C port", 3, 2, D("15.00"), D("16.00")],
        ["PT-CELL Cell pack", 1, 1, D("20.00"), D("35.00")],
    ]
    assert (str(figure.label), figure.value, str(figure.hint)) == (
        "Parts fitted", "7", "the 3 most used parts",
    )  # fmt: skip


def test_part_names_follow_the_language(fitted, brand):
    with translation.override("zh-hans"):
        chart, _figure = parts_chart(scope_of(brand))
    assert chart.table.column(0) == ["PT-LED 指示灯板", "PT-PORT USB-C接口", "PT-CELL 电芯组"]


def test_only_the_most_used_parts_are_listed(fitted, brand, monkeypatch):
    monkeypatch.setattr(money_module, "TOP_PARTS", 2)
    chart, figure = parts_chart(scope_of(brand))
    assert chart.table.column(0) == ["PT-LED LED board", "PT-PORT USB-C port"]
    assert (figure.value, str(figure.hint)) == ("6", "the 2 most used parts")


def test_parts_follow_the_period_and_the_outlet(fitted, brand, hq):
    december = scope_of(brand, start=date(2025, 12, 1), end=date(2025, 12, 31))
    assert parts_chart(december)[0].table.rows == [
        ["PT-CELL Cell pack", 5, 1, D("100.00"), D("175.00")]
    ]
    assert parts_chart(scope_of(brand, outlet_id=hq.pk))[0].table.column(0) == ["PT-CELL Cell pack"]


def test_the_board(earned, fitted, brand):
    board = money(scope_of(brand))
    assert [c.slug for c in board.charts] == ["revenue", "parts"]
    assert [f.value for f in board.figures] == ["¥295.75", "75.0 %", "7"]
