"""Working days in mainland China: holidays, make-up working days, Civil Code periods."""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from sanbao.policy import WorkingCalendar
from sanbao.policy.calendar import add_months

D = date.fromisoformat


def _reference_add_working_days(start: date, days: int) -> date:
    """The same count done day by day with chinese_calendar, as an independent check."""
    day = start
    while days:
        day += timedelta(days=1)
        days -= chinese_calendar.is_workday(day)
    return day


def _reference_next_working_day(day: date) -> date:
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param("2026-02-14", True, id="2026-02-14-make-up-saturday"),
        pytest.param("2026-02-28", True, id="2026-02-28-make-up-saturday"),
        pytest.param("2026-02-15", False, id="2026-02-15-spring-festival-sunday"),
        pytest.param("2026-02-17", False, id="2026-02-17-spring-festival"),
        pytest.param("2026-02-23", False, id="2026-02-23-spring-festival-monday"),
        pytest.param("2026-02-24", True, id="2026-02-24-first-day-back"),
        *(
            pytest.param(f"2026-10-0{n}", False, id=f"2026-10-0{n}-national-day")
            for n in range(1, 8)
        ),
        pytest.param("2026-10-10", True, id="2026-10-10-make-up-saturday"),
        pytest.param("2026-09-20", True, id="2026-09-20-make-up-sunday"),
        pytest.param("2026-01-04", True, id="2026-01-04-make-up-sunday"),
        pytest.param("2026-01-02", False, id="2026-01-02-new-year-friday"),
        pytest.param("2026-03-02", True, id="2026-03-02-ordinary-monday"),
        pytest.param("2026-03-08", False, id="2026-03-08-ordinary-sunday"),
        pytest.param("2026-03-07", False, id="2026-03-07-ordinary-saturday"),
    ],
)
def test_it_knows_the_working_days_of_2026(day, working):
    assert WorkingCalendar().is_working_day(D(day)) is working
    assert chinese_calendar.is_workday(D(day)) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param("2026-03-02", 1, "2026-03-03", id="start-day-not-counted"),
        pytest.param("2026-03-02", 0, "2026-03-02", id="zero-days"),
        pytest.param("2026-03-06", 1, "2026-03-09", id="over-a-weekend"),
        # Spring Festival 2026: 15-23 Feb rest, Saturdays 14 and 28 Feb worked.
        pytest.param("2026-02-13", 1, "2026-02-14", id="spring-2026-make-up-saturday"),
        pytest.param("2026-02-13", 2, "2026-02-24", id="spring-2026-after-the-holiday"),
        pytest.param("2026-02-13", 3, "2026-02-25", id="spring-2026-three"),
        pytest.param("2026-02-12", 7, "2026-02-28", id="spring-2026-seven-ending-saturday"),
        pytest.param("2026-02-15", 1, "2026-02-24", id="spring-2026-from-a-rest-day"),
        # Spring Festival 2025: 28 Jan-4 Feb rest, Sunday 26 Jan and Saturday 8 Feb worked.
        pytest.param("2025-01-24", 3, "2025-02-05", id="spring-2025-make-up-sunday"),
        # National Day 2025: 1-8 Oct rest, Sunday 28 Sep and Saturday 11 Oct worked.
        pytest.param("2025-09-26", 1, "2025-09-28", id="national-2025-make-up-sunday"),
        pytest.param("2025-09-30", 3, "2025-10-11", id="national-2025-make-up-saturday"),
        pytest.param("2025-09-26", 7, "2025-10-13", id="national-2025-seven"),
        # National Day 2026: 1-7 Oct rest, Saturday 10 Oct worked.
        pytest.param("2026-09-30", 3, "2026-10-10", id="national-2026-make-up-saturday"),
        pytest.param("2026-09-30", 4, "2026-10-12", id="national-2026-four"),
        # New Year 2026: 1-3 Jan rest, Sunday 4 Jan worked.
        pytest.param("2025-12-31", 1, "2026-01-04", id="across-the-year-end"),
        pytest.param("2025-12-31", 2, "2026-01-05", id="across-the-year-end-two"),
        # 247 working days remain in 2025 after 2 Jan; then 4 Jan (Sunday) ... 20 Jan 2026.
        pytest.param("2025-01-02", 260, "2026-01-20", id="more-than-a-year-of-days"),
    ],
)
def test_it_adds_working_days(start, days, expected):
    assert WorkingCalendar().add_working_days(D(start), days) == D(expected)
    assert _reference_add_working_days(D(start), days) == D(expected)


def test_it_refuses_negative_working_days():
    with pytest.raises(ValueError, match="negative"):
        WorkingCalendar().add_working_days(D("2026-03-02"), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param("2026-03-02", "2026-03-02", 0, id="same-day"),
        pytest.param("2026-03-06", "2026-03-02", 0, id="end-before-start"),
        pytest.param("2026-03-02", "2026-03-09", 5, id="a-week"),
        pytest.param("2026-02-13", "2026-02-28", 6, id="spring-2026"),
        pytest.param("2026-09-30", "2026-10-10", 3, id="national-2026"),
        pytest.param("2025-09-26", "2025-10-13", 7, id="national-2025"),
        pytest.param("2025-12-31", "2026-01-05", 2, id="across-the-year-end"),
    ],
)
def test_it_counts_working_days_between(start, end, expected):
    assert WorkingCalendar().working_days_between(D(start), D(end)) == expected


def test_it_counts_back_what_it_added():
    calendar = WorkingCalendar()
    start = D("2025-01-02")
    for days in range(1, 400, 7):
        assert calendar.working_days_between(start, calendar.add_working_days(start, days)) == days


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param("2026-03-02", 7, "2026-03-09", id="ends-on-a-working-day"),
        pytest.param("2026-03-02", 5, "2026-03-09", id="ends-on-a-saturday"),
        pytest.param("2026-02-09", 7, "2026-02-24", id="ends-in-spring-festival-2026"),
        pytest.param("2026-02-10", 10, "2026-02-24", id="ends-on-spring-festival-friday"),
        pytest.param("2026-02-07", 7, "2026-02-14", id="ends-on-make-up-saturday"),
        pytest.param("2026-09-24", 7, "2026-10-08", id="ends-on-national-day-2026"),
        pytest.param("2026-09-16", 15, "2026-10-08", id="fifteen-days-into-national-day"),
        pytest.param("2026-09-16", 10, "2026-09-28", id="ends-after-mid-autumn"),
        pytest.param("2025-09-24", 7, "2025-10-09", id="ends-on-national-day-2025"),
        pytest.param("2025-01-21", 7, "2025-02-05", id="ends-in-spring-festival-2025"),
    ],
)
def test_it_moves_a_period_ending_on_a_rest_day_to_the_next_working_day(start, days, expected):
    assert WorkingCalendar().period_end(D(start), days) == D(expected)
    last = D(start) + timedelta(days=days)
    assert _reference_next_working_day(last) == D(expected)


def test_it_lets_an_override_rest_a_working_day():
    closed = D("2026-03-04")  # say a typhoon closes the offices
    calendar = WorkingCalendar({closed: False})
    assert not calendar.is_working_day(closed)
    assert calendar.add_working_days(D("2026-03-03"), 1) == D("2026-03-05")
    assert calendar.working_days_between(D("2026-03-02"), D("2026-03-06")) == 3
    assert calendar.period_end(D("2026-02-25"), 7) == D("2026-03-05")
    assert WorkingCalendar().add_working_days(D("2026-03-03"), 1) == closed


def test_it_lets_an_override_make_a_rest_day_work():
    saturday = D("2026-03-07")
    calendar = WorkingCalendar({saturday: True})
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(D("2026-03-06"), 1) == saturday
    assert calendar.period_end(D("2026-02-28"), 7) == saturday
    assert calendar.next_working_day(saturday) == saturday
    assert WorkingCalendar().period_end(D("2026-02-28"), 7) == D("2026-03-09")


def test_it_lets_an_override_reopen_a_holiday():
    calendar = WorkingCalendar({D("2026-10-05"): True})
    assert calendar.add_working_days(D("2026-09-30"), 1) == D("2026-10-05")
    assert calendar.period_end(D("2026-09-24"), 7) == D("2026-10-05")


@pytest.mark.parametrize(
    ("day", "estimated"),
    [
        pytest.param("2026-06-01", False, id="2026-announced"),
        pytest.param("2025-06-01", False, id="2025-announced"),
        pytest.param("2031-06-02", True, id="2031-not-announced"),
    ],
)
def test_it_knows_which_years_are_estimated(day, estimated):
    assert WorkingCalendar().is_estimated(D(day)) is estimated


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param("2026-01-31", 1, "2026-02-28", id="31-jan-to-28-feb"),
        pytest.param("2028-01-31", 1, "2028-02-29", id="31-jan-to-29-feb-leap"),
        pytest.param("2025-12-31", 2, "2026-02-28", id="across-the-year"),
        pytest.param("2024-02-29", 24, "2026-02-28", id="leap-day-two-years-on"),
        pytest.param("2026-03-31", 1, "2026-04-30", id="31-mar-to-30-apr"),
        pytest.param("2026-03-02", 12, "2027-03-02", id="same-day-a-year-on"),
    ],
)
def test_it_adds_months_clamping_to_the_last_day(start, months, expected):
    assert add_months(D(start), months) == D(expected)


def test_it_runs_hour_windows_on_the_clock_across_a_holiday():
    signed = datetime(2026, 9, 30, 18, 30)
    assert WorkingCalendar.hours_after(signed, 24) == datetime(2026, 10, 1, 18, 30)
    assert WorkingCalendar().hours_after(datetime(2026, 2, 16, 9), 48) == datetime(2026, 2, 18, 9)


def test_it_agrees_with_chinese_calendar_on_every_day_from_2015_to_2026():
    calendar = WorkingCalendar()
    day, last = D("2015-01-01"), D("2026-12-31")
    mismatches = []
    while day <= last:
        ours, theirs = calendar.is_working_day(day), chinese_calendar.is_workday(day)
        if ours != theirs:
            detail = chinese_calendar.get_holiday_detail(day)
            mismatches.append(f"{day} {day:%a}: ours={ours} chinese_calendar={theirs} {detail}")
        day += timedelta(days=1)
    assert not mismatches, "\n".join(mismatches)
