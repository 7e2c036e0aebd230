"""The legal clock of an application: its due dates from its stored inputs and the calendar.

One function computes them (`compute`), for one application or a hundred thousand; recomputing
after a calendar change reads every input in two queries and writes only what changed.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongkai.workdays import rules
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.selectors import current_calendar

from .models import Application, Event, Pause


@dataclass(frozen=True)
class Clock:
    due_on: dt.date | None
    extended_due_on: dt.date | None
    effective_due_on: dt.date | None
    calendar_warning: str


def counted_pauses(pauses) -> tuple[rules.Pause, ...]:
    """Consultations always stop the clock (第三十三条第二款); a fee notice does while the setting says so."""
    fee_stops = settings.GONGKAI_FEE_NOTICE_STOPS_CLOCK
    return tuple(rules.Pause(p.start_on, p.end_on) for p in pauses if p.kind != Pause.Kind.FEE or fee_stops)


def compute(app: Application, pauses, calendar: WorkCalendar, index: rules.WorkdayIndex | None = None) -> Clock:
    if app.status == Application.Status.AWAITING_CORRECTION and app.corrected_on is None:
        # 第三十条: the period will run from the day the corrected application arrives.
        return Clock(None, None, None, "")
    deadline = rules.answer_deadline(
        received_on=app.received_on, regime=app.regime, corrected_on=app.corrected_on,
        pauses=counted_pauses(pauses), calendar=calendar, index=index,
    )
    effective = deadline.extended_due if app.extended else deadline.due
    end = deadline.extended_due or deadline.due or deadline.start
    missing = calendar.missing_years(deadline.start, end)
    warning = f"{'、'.join(map(str, missing))}年的法定节假日安排尚未录入，期限暂按周末计算" if missing else ""
    return Clock(deadline.due, deadline.extended_due, effective, warning)


def application_recompute(app: Application, calendar: WorkCalendar | None = None) -> Clock:
    """Recomputes and saves one application's due dates (after any change to its clock inputs)."""
    clock = compute(app, list(app.pauses.all()), calendar or current_calendar())
    for name, value in clock.__dict__.items():
        setattr(app, name, value)
    app.save(update_fields=[*clock.__dict__, "updated_at"])
    return clock


def applications_recompute_touching(day: dt.date) -> int:
    """After DAY became a holiday or a working day: recomputes every open application whose period
    runs over DAY, records the change on each, and returns how many due dates moved."""
    start = Coalesce("corrected_on", "received_on")
    qs = (Application.objects.filter(status__in=Application.OPEN_STATUSES)
          .annotate(start=start).filter(start__lt=day)
          .filter(Q(extended_due_on__gte=day) | Q(extended_due_on__isnull=True)))
    return applications_recompute(qs, reason=f"{day.isoformat()} 的工作日安排调整")


@transaction.atomic
def applications_recompute(queryset, *, reason: str) -> int:
    fields = ["id", "received_on", "corrected_on", "regime", "status", "extended",
              "due_on", "extended_due_on", "effective_due_on", "calendar_warning"]
    apps = list(queryset.only(*fields).order_by())
    if not apps:
        return 0
    pauses = defaultdict(list)
    ids = [a.pk for a in apps]
    for i in range(0, len(ids), 2000):  # SQLite allows ~32,000 parameters in one statement
        for p in Pause.objects.filter(application_id__in=ids[i:i + 2000]).only("application_id", "kind", "start_on", "end_on"):
            pauses[p.application_id].append(p)
    calendar = current_calendar()
    first = min(a.corrected_on or a.received_on for a in apps) - dt.timedelta(days=1)
    last = max(a.corrected_on or a.received_on for a in apps) + dt.timedelta(days=550)
    index = rules.WorkdayIndex(calendar, first, last)
    changed, events = [], []
    for app in apps:
        clock = compute(app, pauses[app.pk], calendar, index)
        old = (app.due_on, app.extended_due_on, app.effective_due_on, app.calendar_warning)
        new = (clock.due_on, clock.extended_due_on, clock.effective_due_on, clock.calendar_warning)
        if old != new:
            changed.append((*new, app.pk))
            events.append(Event(application_id=app.pk, kind=Event.Kind.RECOMPUTED, on=timezone.localdate(), note=reason,
                                data={"old_due": _iso(old[2]), "new_due": _iso(new[2])}))
    if changed:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE applications_application SET due_on = %s, extended_due_on = %s, effective_due_on = %s, "
                "calendar_warning = %s WHERE id = %s", changed,
            )
        Event.objects.bulk_create(events, batch_size=2000)
    return len(changed)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
