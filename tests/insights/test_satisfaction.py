"""Customer voice: CSAT, NPS, first-time fixes and the response rate by month, the score
distribution and the latest comments, with their filters, on hand-made answers."""

from datetime import date

import pytest

from sanbao.insights import satisfaction as satisfaction_module
from sanbao.insights.satisfaction import comments_chart, csat_chart, satisfaction, trend_chart
from tests.insights.conftest import at, scope_of

pytestmark = pytest.mark.django_db

HZ = "杭州数码通讯器材有限公司"


@pytest.fixture
def answers(make_invitation, hq, cable, dealer, foreign_model):
    """Sent in January: 4, 3 answered; in February: 3 (one to a dealer), 2 answered (one
    in March). Scores: CSAT 5 4 2 | 3 | 5, NPS 10 9 3 | 7 | 8."""
    make_invitation(sent=at(2026, 1, 5), answered=at(2026, 1, 20), csat=5, nps=10,
                    comment="Fast and friendly")  # fmt: skip
    make_invitation(sent=at(2026, 1, 6), answered=at(2026, 1, 8), csat=4, nps=9, outlet_=hq)
    make_invitation(sent=at(2026, 1, 7), answered=at(2026, 1, 25), csat=2, nps=3, first=False,
                    model=cable, comment="Took too long")  # fmt: skip
    make_invitation(sent=at(2026, 1, 8))
    make_invitation(sent=at(2026, 2, 20), answered=at(2026, 3, 2), csat=5, nps=8)
    make_invitation(sent=at(2026, 2, 21))
    make_invitation(sent=at(2026, 2, 10), answered=at(2026, 2, 12), csat=3, nps=7, first=None,
                    dealer_=dealer, comment="箱子破了")  # fmt: skip
    make_invitation(sent=at(2025, 12, 20), answered=at(2025, 12, 22), csat=1, nps=0,
                    comment="Before the period")  # fmt: skip
    make_invitation(sent=at(2026, 1, 5), answered=at(2026, 1, 6), csat=1, nps=0,
                    model=foreign_model, comment="差")  # fmt: skip


def test_the_trend_by_month(answers, brand):
    chart, _figures = trend_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Month", "Surveys sent", "Of which answered", "Response rate %", "Responses",
        "CSAT (1-5)", "NPS", "Fixed the first time %",
    ]  # fmt: skip
    assert chart.table.rows == [
        # NPS (2 promoters - 1 detractor) / 3 answers; fixed first: 2 of 3.
        ["2026-01", 4, 3, 75.0, 3, 3.67, 33.3, 66.7],
        # The dealer's passive answer; it was not asked about a first visit.
        ["2026-02", 3, 2, 66.7, 1, 3.0, 0.0, None],
        # Answered in March, sent in February: the rate counts it in February.
        ["2026-03", 0, 0, None, 1, 5.0, 0.0, 100.0],
    ]
    assert [s["data"] for s in chart.option["series"]] == [
        [33.3, 0.0, 0.0], [75.0, 66.7, None], [66.7, None, 100.0],
    ]  # fmt: skip


def test_the_figures_over_the_period(answers, brand):
    _chart, figures = trend_chart(scope_of(brand))
    assert [(str(f.label), f.value, str(f.hint), f.tone) for f in figures] == [
        ("CSAT", "3.80 / 5", "5 responses", "bad"),
        ("NPS", "+20", "", "bad"),  # (2 - 1) / 5
        ("Response rate", "71.4 %", "5 of 7 surveys", ""),
    ]


def test_good_scores_are_good(make_invitation, brand):
    make_invitation(sent=at(2026, 1, 5), answered=at(2026, 1, 6), csat=4, nps=9)
    _chart, figures = trend_chart(scope_of(brand))
    assert [(f.value, f.tone) for f in figures[:2]] == [("4.00 / 5", "good"), ("+100", "good")]


def test_no_answers_no_scores(brand):
    chart, figures = trend_chart(scope_of(brand))
    assert chart.table.rows[0] == ["2026-01", 0, 0, None, 0, None, None, None]
    assert [(f.value, str(f.hint), f.tone) for f in figures] == [
        ("—", "0 responses", ""), ("—", "", ""), ("—", "0 of 0 surveys", ""),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("narrow", "rows"),
    [
        ("outlet", [["2026-01", 1, 1, 100.0, 1, 4.0, 100.0, 100.0]]),
        ("dealer", [["2026-01", 0, 0, None, 0, None, None, None],
                    ["2026-02", 1, 1, 100.0, 1, 3.0, 0.0, None]]),
        ("model", [["2026-01", 1, 1, 100.0, 1, 2.0, -100.0, 0.0]]),
    ],
)  # fmt: skip
def test_the_filters_narrow_answers_and_invitations(answers, brand, hq, dealer, cable, narrow,
                                                    rows):  # fmt: skip
    filters = {"outlet": {"outlet_id": hq.pk}, "dealer": {"dealer_id": dealer.pk},
               "model": {"model_id": cable.pk}}[narrow]  # fmt: skip
    chart, _figures = trend_chart(scope_of(brand, **filters))
    assert chart.table.rows[: len(rows)] == rows


def test_another_brand_sees_only_its_own(answers, other_brand):
    chart, _figures = trend_chart(scope_of(other_brand))
    assert chart.table.rows[0] == ["2026-01", 1, 1, 100.0, 1, 1.0, -100.0, 100.0]
    assert comments_chart(scope_of(other_brand)).table.column(5) == ["差"]


def test_the_score_distribution(answers, brand):
    chart = csat_chart(scope_of(brand))
    assert chart.table.rows == [["1", 0], ["2", 1], ["3", 1], ["4", 1], ["5", 2]]


def test_comments_newest_first(answers, brand):
    chart = comments_chart(scope_of(brand))
    assert [str(c) for c in chart.table.columns] == [
        "Answered", "Outlet or dealer", "Model", "CSAT", "NPS", "Comment",
    ]  # fmt: skip
    assert chart.table.rows == [
        ["2026-02-12", HZ, "—", 3, 7, "箱子破了"],
        ["2026-01-25", "Guangzhou outlet", "TOP-C1", 2, 3, "Took too long"],
        ["2026-01-20", "Guangzhou outlet", "TOP-PB10", 5, 10, "Fast and friendly"],
    ]
    assert chart.option["xAxis"]["data"] == ["2026-01-20", "2026-01-25", "2026-02-12"]
    assert chart.option["series"][0]["data"] == [5, 2, 3]


def test_only_the_latest_comments_are_shown(answers, brand, monkeypatch):
    monkeypatch.setattr(satisfaction_module, "COMMENTS_SHOWN", 2)
    assert comments_chart(scope_of(brand)).table.column(5) == ["箱子破了", "Took too long"]


def test_a_comment_shows_the_local_day_it_was_given(make_invitation, brand):
    make_invitation(sent=at(2026, 2, 28), answered=at(2026, 3, 1, 7, 0), comment="早上好")
    chart = comments_chart(scope_of(brand, start=date(2026, 3, 1), end=date(2026, 3, 31)))
    assert chart.table.column(0) == ["2026-03-01"]


def test_the_board(answers, brand):
    board = satisfaction(scope_of(brand))
    assert [c.slug for c in board.charts] == ["nps-trend", "csat", "comments"]
    assert [f.value for f in board.figures] == ["3.80 / 5", "+20", "71.4 %"]
