"""The working-day calendar: statutory holidays and 调休 from `chinese-calendar`, administrator
overrides on top, and a weekends-only fallback (with a warning) for a year the package does not know.

Pure: a WorkCalendar is built from plain values and answers questions about dates; loading the
overrides from the database is `workdays.selectors.current_calendar()`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar

PACKAGE_VERSION = getattr(chinese_calendar, "__version__", "")


@lru_cache(maxsize=None)
def package_knows(year: int) -> bool:
    """True if chinese-calendar carries the State Council's schedule for YEAR."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def _package_is_workday(day: dt.date) -> bool | None:
    if not package_knows(day.year):
        return None
    return chinese_calendar.is_workday(day)


@dataclass(frozen=True)
class WorkCalendar:
    """Answers "is this a working day?" — overrides win over the package, the package over weekends."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)  # date → is a working day

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        from_package = _package_is_workday(day)
        if from_package is not None:
            return from_package
        return day.weekday() < 5  # weekends-only fallback: see missing_years()

    def missing_years(self, start: dt.date, end: dt.date) -> list[int]:
        """Years in [start, end] with neither the package's schedule nor any override: staff must be
        warned that deadlines in them count weekends only."""
        override_years = {d.year for d in self.overrides}
        return [y for y in range(start.year, end.year + 1) if not package_knows(y) and y not in override_years]

    def workdays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days in [start, end], in order."""
        days, day = [], start
        while day <= end:
            if self.is_workday(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def year_schedule(self, year: int) -> tuple[list[dt.date], list[dt.date]]:
        """(statutory holidays that fall on weekdays or inside a break, weekend days made working days)."""
        holidays, workdays = [], []
        day = dt.date(year, 1, 1)
        while day.year == year:
            weekend = day.weekday() >= 5
            working = self.is_workday(day)
            if working and weekend:
                workdays.append(day)
            elif not working and (not weekend or self._is_named_holiday(day)):
                holidays.append(day)
            day += dt.timedelta(days=1)
        return holidays, workdays

    def _is_named_holiday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return not self.overrides[day]
        if package_knows(day.year):
            return chinese_calendar.get_holiday_detail(day)[1] is not None
        return False
