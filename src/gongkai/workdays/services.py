from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit.services import audit_record

from .models import CalendarOverride

# Called after a calendar change with the changed date; the applications app registers its recompute
# here (a plain list rather than a signal: the order and the failure of a receiver must be visible).
AFTER_CHANGE: list = []


@transaction.atomic
def calendar_override_set(*, day: dt.date, is_workday: bool, name: str = "", by=None) -> tuple[CalendarOverride, int]:
    """Marks DAY a holiday or a working day, overriding the package, and recomputes the due dates of
    every open application whose period it touches. Returns the override and how many were recomputed."""
    override, _ = CalendarOverride.objects.update_or_create(
        day=day, defaults={"is_workday": is_workday, "name": name, "created_by": by}
    )
    touched = sum(receiver(day) for receiver in AFTER_CHANGE)
    audit_record("calendar.override", by=by, obj=override,
                 data={"day": day.isoformat(), "is_workday": is_workday, "name": name, "recomputed": touched})
    return override, touched
