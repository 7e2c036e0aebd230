"""The legal clock of an application: its due dates from its stored inputs and the calendar.

One function computes them (`compute`), for one application or a hundred thousand; recomputing
after a calendar change reads every input in two queries and writes only what changed.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

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


RECOMPUTE_CHUNK = 5000


def applications_recompute_touching(day: dt.date, *, progress=None) -> int:
    """After DAY became a holiday or a working day: recomputes every open application whose period
    runs over DAY, records the change on each, and returns how many due dates moved.

    In chunks of RECOMPUTE_CHUNK cases by id, each its own transaction (applications_recompute), so a
    background job (decision 0054) reports PROGRESS(done, total) as it goes and other writers are not
    held for the whole run; each chunk reads the calendar afresh."""
    start = Coalesce("corrected_on", "received_on")
    qs = (Application.objects.filter(status__in=Application.OPEN_STATUSES)
          .annotate(start=start).filter(start__lt=day)
          .filter(Q(extended_due_on__gte=day) | Q(extended_due_on__isnull=True)))
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    progress = progress or (lambda done, total=None: None)
    progress(0, len(ids))
    moved, reason = 0, f"{day.isoformat()} 的工作日安排调整"
    for i in range(0, len(ids), RECOMPUTE_CHUNK):
        chunk = ids[i:i + RECOMPUTE_CHUNK]
        moved += applications_recompute(qs.filter(pk__gte=chunk[0], pk__lte=chunk[-1]), reason=reason)
        progress(i + len(chunk))
    return moved


class _Case(NamedTuple):
    """What compute() reads of an application; cases alike in all of it share one computation."""
    status: str
    received_on: dt.date
    corrected_on: dt.date | None
    regime: str
    extended: bool


class _PauseRow(NamedTuple):
    kind: str
    start_on: dt.date
    end_on: dt.date | None


@transaction.atomic
def applications_recompute(queryset, *, reason: str) -> int:
    """Recomputes the due dates of every application of QUERYSET, writes those that moved and records
    each move (an Event). Returns how many moved.

    100,000 open cases must take seconds (issue 3): rows are read as tuples, not model instances;
    cases with the same inputs (most of them: same day of receipt, no pause) are computed once; the
    writes are one statement each on PostgreSQL (see _write_moves)."""
    fields = ["id", "status", "received_on", "corrected_on", "regime", "extended",
              "due_on", "extended_due_on", "effective_due_on", "calendar_warning"]
    rows = list(queryset.order_by().values_list(*fields))
    if not rows:
        return 0
    pauses = defaultdict(list)
    # A subquery rather than a list of ids: 100,000 parameters are too many for SQLite, slow for PostgreSQL.
    for app_id, *pause in (Pause.objects.filter(application_id__in=queryset.order_by().values("pk"))
                           .order_by("start_on", "pk").values_list("application_id", "kind", "start_on", "end_on")):
        pauses[app_id].append(_PauseRow(*pause))
    calendar = current_calendar()
    first = min(r[3] or r[2] for r in rows) - dt.timedelta(days=1)
    last = max(r[3] or r[2] for r in rows) + dt.timedelta(days=550)
    index = rules.WorkdayIndex(calendar, first, last)
    known: dict[tuple, Clock] = {}
    moves = []
    for pk, *inputs, due_on, extended_due_on, effective_due_on, warning in rows:
        case, case_pauses = _Case(*inputs), tuple(pauses.get(pk, ()))
        key = (case, case_pauses)
        clock = known.get(key)
        if clock is None:
            clock = known[key] = compute(case, case_pauses, calendar, index)
        old = (due_on, extended_due_on, effective_due_on, warning)
        new = (clock.due_on, clock.extended_due_on, clock.effective_due_on, clock.calendar_warning)
        if old != new:
            moves.append((pk, old, new))
    if moves:
        _write_moves(moves, reason)
    return len(moves)


def _write_moves(moves: list[tuple], reason: str) -> None:
    """The new due dates and one RECOMPUTED event per move ({"old_due", "new_due"}, as ISO dates).
    PostgreSQL: one UPDATE and one INSERT over arrays (unnest), where statement by statement cost
    four fifths of the time for 80,000 moves; other databases: executemany."""
    quote = connection.ops.quote_name
    on = Event._meta.get_field("on").get_db_prep_save(timezone.localdate(), connection)
    at = Event._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    event_cols = ", ".join(quote(c) for c in ("application_id", "kind", "on", "at", "by_id", "public", "note", "data"))
    kind = Event.Kind.RECOMPUTED.value
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, new = [m[0] for m in moves], [m[2] for m in moves]
            cursor.execute(
                "UPDATE applications_application AS a SET due_on = v.due, extended_due_on = v.ext, "
                "effective_due_on = v.eff, calendar_warning = v.warn FROM unnest(%s::bigint[], %s::date[], %s::date[], "
                "%s::date[], %s::text[]) AS v(id, due, ext, eff, warn) WHERE a.id = v.id",
                [ids, *[[n[i] for n in new] for i in range(4)]],
            )
            cursor.execute(
                f"INSERT INTO applications_event ({event_cols}) SELECT v.id, %s, %s, %s, NULL, false, %s, "
                "jsonb_build_object('old_due', v.old, 'new_due', v.new) FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, old, new)",
                [kind, on, at, reason, ids, [_iso(m[1][2]) for m in moves], [_iso(m[2][2]) for m in moves]],
            )
            return
        cursor.executemany(
            "UPDATE applications_application SET due_on = %s, extended_due_on = %s, effective_due_on = %s, "
            "calendar_warning = %s WHERE id = %s", [(*new, pk) for pk, _, new in moves],
        )
        cursor.executemany(
            f"INSERT INTO applications_event ({event_cols}) VALUES (%s, %s, %s, %s, NULL, %s, %s, %s)",
            [(pk, kind, on, at, False, reason, json.dumps({"old_due": _iso(old[2]), "new_due": _iso(new[2])}))
             for pk, old, new in moves],
        )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
