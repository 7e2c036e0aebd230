from __future__ import annotations

from .calendar import WorkCalendar
from .models import CalendarOverride


def current_calendar() -> WorkCalendar:
    """The calendar in force: the package's schedules with every administrator override on top."""
    return WorkCalendar(dict(CalendarOverride.objects.values_list("day", "is_workday")))
