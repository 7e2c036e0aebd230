"""Reads of applications that several places share: the public tracking page, staff queues,
the quarterly figures. Personal data never leaves here unmasked except through
services.personal_data_reveal, which records the view."""
from __future__ import annotations

import bisect
import datetime as dt
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from gongkai.orgs.selectors import user_org_ids
from gongkai.workdays.rules import working_days_left
from gongkai.workdays.selectors import current_calendar

from .models import Application, Document, Event, query_code_digest
from .outcomes import Outcome


def application_track(number: str, query_code: str) -> Application | None:
    """The application with that registration number and query code, or None — alike for a wrong
    number and a wrong code, so that numbers cannot be probed."""
    number, query_code = (number or "").strip(), (query_code or "").strip().upper()
    if not number or not query_code:
        return None
    digest = query_code_digest(query_code)
    candidates = list(Application.objects.filter(number=number).select_related("org")[:20])
    for app in candidates:
        if hmac.compare_digest(app.query_code_hash, digest):
            return app
    return None


def public_events(app: Application) -> QuerySet[Event]:
    return app.events.filter(public=True).order_by("on", "at", "pk")


def public_documents(app: Application) -> QuerySet[Document]:
    return app.documents.filter(public=True)


def applications_for_staff(user) -> QuerySet[Application]:
    """Applications of the agencies the user works for, and no other."""
    return Application.objects.filter(org_id__in=user_org_ids(user))


@dataclass(frozen=True, slots=True)
class QueueCase:
    """What the queue shows of an open case. Plain values rather than a model instance: building a
    thousand instances took half of the page's 100 ms (issue 3; bench/RESULTS-applications.md)."""
    pk: int
    number: str
    applicant_name: str
    applicant_type: str
    subject: str
    status: str
    received_on: dt.date
    effective_due_on: dt.date | None
    extended: bool
    handler_id: int | None
    handler_name: str
    flag_possible_repeat_id: int | None
    flag_excessive: bool
    channel: str
    org_id: int
    # stored masked (Application.id_masked / phone_masked): the queue decrypts nothing
    id_masked: str
    phone_masked: str
    credit_code: str
    calendar_warning: str


QUEUE_COLUMNS = ("pk", "number", "applicant_name", "applicant_type", "subject", "status", "received_on", "effective_due_on",
                 "extended", "handler_id", "handler__first_name", "handler__username", "flag_possible_repeat_id",
                 "flag_excessive", "channel", "org_id", "id_masked", "phone_masked", "credit_code", "calendar_warning")


@dataclass
class QueueRow:
    app: QueueCase
    days_left: int | None
    due_soon: bool
    overdue: bool


def queue(user, *, today: dt.date, handler_only: bool = False) -> list[QueueRow]:
    """Open cases ordered by working days left (overdue first); those waiting for the applicant
    (correction, fee) have no running clock and come last."""
    qs = applications_for_staff(user).filter(status__in=Application.OPEN_STATUSES)
    if handler_only:
        qs = qs.filter(Q(handler=user) | Q(handler__isnull=True))
    apps = [QueueCase(*row[:10], row[10] or row[11] or "", *row[12:])
            for row in qs.order_by("effective_due_on", "received_on", "pk").values_list(*QUEUE_COLUMNS)]
    days_left = _days_left_counter(today, [a.effective_due_on for a in apps if a.effective_due_on])
    soon = settings.GONGKAI_DUE_SOON_WORKING_DAYS
    rows = []
    for app in apps:
        left = days_left(app.effective_due_on) if app.effective_due_on else None
        rows.append(QueueRow(app, left, left is not None and 0 <= left <= soon, left is not None and left < 0))
    rows.sort(key=lambda r: (r.days_left is None, r.days_left if r.days_left is not None else 0))
    return rows


def _days_left_counter(today: dt.date, dues: list[dt.date]):
    """working_days_left(today, due) for many dues from one list of working days: the signed count of
    working days in (today, due] is (working days up to due) − (working days up to today), a bisection
    each, where asking the calendar day by day for a thousand cases would take half a second."""
    calendar = current_calendar()
    if not dues:
        return lambda due: working_days_left(today, due, calendar)
    first, last = min(min(dues), today), max(max(dues), today)
    ordinals = [d.toordinal() for d in calendar.workdays_between(first, last)]

    def left(due: dt.date) -> int:
        return bisect.bisect_right(ordinals, due.toordinal()) - bisect.bisect_right(ordinals, today.toordinal())
    return left


QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first_month, last_month = QUARTER_MONTHS[quarter]
    end = dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first_month, 1), end


def quarterly_figures(org, year: int, quarter: int) -> dict:
    """Applications received and handled in a quarter — the figures an agency publishes each quarter.
    Counted in the database: received in the quarter, closed in the quarter by outcome, open at its end."""
    start, end = quarter_span(year, quarter)
    base = Application.objects.filter(org=org)
    received = base.filter(received_on__range=(start, end)).aggregate(
        total=Count("pk"), **{t: Count("pk", filter=Q(applicant_type=t)) for t in
                              ("natural_person", "business", "research", "social_welfare", "legal_services", "other_org")})
    closed = dict(base.filter(closed_on__range=(start, end)).values_list("outcome").annotate(n=Count("pk")).order_by())
    carried_out = base.filter(received_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).count()
    return {
        "org": org.code, "year": year, "quarter": quarter, "from": start.isoformat(), "to": end.isoformat(),
        "received": received,
        "closed": {"total": sum(closed.values()), **{code: closed.get(code, 0) for code in Outcome.values}},
        "open_at_end": carried_out,
    }
