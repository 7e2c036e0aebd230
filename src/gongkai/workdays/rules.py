"""Deadline arithmetic for applications (《政府信息公开条例》, 2019 revision, and the 2007 version).

Pure functions over plain values; tested from tables of cases worked out by hand from the regulation
and the State Council's holiday schedules (tests/workdays/).

Counting (regulations.md, "Counting"): the period starts on the day after the start date and counts
working days only; working days inside a consultation (or fee) pause, both ends included, are not
counted; `due` is the N-th counted day, `extended_due` the N-th counted day after `due`.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from .calendar import WorkCalendar

# 第三十三条 (2019): 20 working days, extension at most 20. 2007 条例第二十四条: 15 and 15.
PERIODS = {"2019": (20, 20), "2007": (15, 15)}
# 第三十条: a correction notice must be given within 7 working days of receipt.
CORRECTION_NOTICE_WORKING_DAYS = 7
# 第三十二条 / 第三十四条: a consulted third party or agency answers within 15 working days.
CONSULTATION_WORKING_DAYS = 15
# The 2019 regulation took effect on 2019-05-15 (国务院令第711号); applications received earlier: 2007.
REGIME_2019_FROM = dt.date(2019, 5, 15)


def regime_for(received_on: dt.date) -> str:
    return "2019" if received_on >= REGIME_2019_FROM else "2007"


@dataclass(frozen=True)
class Pause:
    """A span whose working days do not count (第三十三条第二款: consultation; fee notice to payment).
    `end` None: still running."""

    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Deadline:
    regime: str
    start: dt.date
    working_days: int
    due: dt.date | None  # None while a pause is still running and the period is not yet used up
    extended_due: dt.date | None


class WorkdayIndex:
    """The working days of a span of years as a sorted list, so that counting N of them is a lookup
    rather than a walk: recomputing 100,000 open applications must take seconds."""

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date):
        self.first, self.last = first, last
        self.days = calendar.workdays_between(first, last)
        self._ordinals = [d.toordinal() for d in self.days]

    def first_after(self, day: dt.date) -> int:
        """Index of the first working day strictly after DAY."""
        if day < self.first or day >= self.last:
            raise ValueError(f"{day} is outside the calendar span {self.first}–{self.last}")
        return bisect.bisect_right(self._ordinals, day.toordinal())

    def nth_counted_after(self, day: dt.date, n: int, pauses: tuple[Pause, ...] = ()) -> dt.date | None:
        """The N-th working day after DAY that no pause covers; None if an open pause swallows it."""
        i = self.first_after(day)
        counted = 0
        while i < len(self.days):
            candidate = self.days[i]
            if not any(p.covers(candidate) for p in pauses):
                counted += 1
                if counted == n:
                    return candidate
            elif any(p.end is None and p.covers(candidate) for p in pauses):
                return None
            i += 1
        raise ValueError(f"the calendar span ends before {n} working days after {day}")


def _span(start: dt.date) -> tuple[dt.date, dt.date]:
    # Generous: 40 working days plus long pauses fit well inside a year and a half.
    return start - dt.timedelta(days=1), start + dt.timedelta(days=550)


def answer_deadline(
    *, received_on: dt.date, calendar: WorkCalendar, regime: str | None = None,
    corrected_on: dt.date | None = None, pauses: tuple[Pause, ...] = (), index: WorkdayIndex | None = None,
) -> Deadline:
    """The reply period (第三十三条), restarted by a correction (第三十条), with pauses not counted."""
    regime = regime or regime_for(received_on)
    if regime not in PERIODS:
        raise ValueError(f"unknown regime {regime!r}: 2019 or 2007")
    if corrected_on is not None and corrected_on < received_on:
        raise ValueError("the corrected application cannot arrive before the original one")
    start = corrected_on or received_on
    days, extension = PERIODS[regime]
    if index is None or not (index.first <= start < index.last):
        index = WorkdayIndex(calendar, *_span(start))
    pauses = tuple(p for p in pauses if p.end is None or p.end > start)
    due = index.nth_counted_after(start, days, pauses)
    extended = index.nth_counted_after(due, extension, pauses) if due else None
    return Deadline(regime=regime, start=start, working_days=days, due=due, extended_due=extended)


def add_working_days(start: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    """The N-th working day after START (the day itself not counted)."""
    index = WorkdayIndex(calendar, *_span(start))
    return index.nth_counted_after(start, n)


def correction_notice_last_day(received_on: dt.date, calendar: WorkCalendar) -> dt.date:
    """第三十条: the last day on which a correction (补正) notice may be issued."""
    return add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS, calendar)


def consultation_last_day(sent_on: dt.date, calendar: WorkCalendar) -> dt.date:
    """第三十二条: the last day for a third party's (or 第三十四条 another agency's) answer."""
    return add_working_days(sent_on, CONSULTATION_WORKING_DAYS, calendar)


def working_days_left(today: dt.date, due: dt.date, calendar: WorkCalendar) -> int:
    """Working days from tomorrow up to and including DUE; negative when overdue (days past due)."""
    if today <= due:
        return len(calendar.workdays_between(today + dt.timedelta(days=1), due))
    return -len(calendar.workdays_between(due + dt.timedelta(days=1), today))
