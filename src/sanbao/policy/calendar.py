"""Working days in mainland China: statutory holidays, make-up working days, and overrides.

Counting follows the Civil Code: the day of the event is not counted, and a period whose
last day is a statutory holiday (or rest day) ends on the next working day.
"""

import calendar as monthly
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from holidays.countries.china import China


@cache
def _china(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Statutory holidays and make-up working days (调休上班) of one year."""
    china = China(years=year)  # type: ignore[no-untyped-call]
    return frozenset(china), frozenset(d for d in china.weekend_workdays if d.year == year)


@cache
def official_years() -> frozenset[int]:
    """Years whose holiday arrangement the State Council has announced (per `holidays`)."""
    china = China(years=range(2001, date.today().year + 3))  # type: ignore[no-untyped-call]
    return frozenset(d.year for d in china.weekend_workdays)


@lru_cache(maxsize=65536)
def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, monthly.monthrange(year, month)[1]))


class WorkingCalendar:
    """Working-day arithmetic; `overrides` maps a date to True (work) or False (rest)."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self.overrides: dict[date, bool] = dict(overrides or {})
        self._ordinals: dict[int, list[int]] = {}
        # Answers already worked out: deciding a stream of claims asks the same days again.
        self._next: dict[date, date] = {}
        self._after: dict[tuple[date, int], date] = {}
        self._period: dict[tuple[date, int], date] = {}
        self._official = official_years()

    def is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        rest_days, make_up_days = _china(day.year)
        if day in make_up_days:
            return True
        return day.weekday() < 5 and day not in rest_days

    def is_estimated(self, day: date) -> bool:
        """True when `day` falls in a year with no official holiday notice yet."""
        return day.year not in self._official

    def _working_ordinals(self, year: int) -> list[int]:
        ordinals = self._ordinals.get(year)
        if ordinals is None:
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            ordinals = [
                n for n in range(first, last + 1) if self.is_working_day(date.fromordinal(n))
            ]
            self._ordinals[year] = ordinals
        return ordinals

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself is not counted)."""
        known = self._after.get((start, days))
        if known is None:
            known = self._after[(start, days)] = self._add_working_days(start, days)
        return known

    def _add_working_days(self, start: date, days: int) -> date:
        if days < 0:
            raise ValueError("days must not be negative")
        if days == 0:
            return start
        year, ordinal = start.year, start.toordinal()
        ordinals = self._working_ordinals(year)
        position = bisect_right(ordinals, ordinal) + days - 1
        while position >= len(ordinals):
            position -= len(ordinals)
            year += 1
            ordinals = self._working_ordinals(year)
        return date.fromordinal(ordinals[position])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end ≤ start)."""
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._working_ordinals(year)
            low = bisect_right(ordinals, start.toordinal()) if year == start.year else 0
            high = bisect_right(ordinals, end.toordinal()) if year == end.year else len(ordinals)
            total += high - low
        return total

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        known = self._next.get(day)
        if known is None:
            known = self._next[day] = self._next_working_day(day)
        return known

    def _next_working_day(self, day: date) -> date:
        ordinals = self._working_ordinals(day.year)
        position = bisect_left(ordinals, day.toordinal())
        if position < len(ordinals):
            return date.fromordinal(ordinals[position])
        return self._next_working_day(date(day.year + 1, 1, 1))

    def period_end(self, start: date, days: int) -> date:
        """Last day of a `days`-day period after `start`, moved off a rest day (Civil Code)."""
        known = self._period.get((start, days))
        if known is None:
            known = self._period[(start, days)] = self.next_working_day(start + timedelta(days))
        return known

    def months_end(self, start: date, months: int) -> date:
        return self.next_working_day(add_months(start, months))

    @staticmethod
    def hours_after(moment: datetime, hours: int) -> datetime:
        """Hour windows run on the clock from the timestamp, holidays included."""
        return moment + timedelta(hours=hours)
