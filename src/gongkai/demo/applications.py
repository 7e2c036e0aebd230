"""Demo applications (依申请公开) of the demo agency: about forty cases over the last two years, each
taken through the applications services by the person whose job it is (信息员 registers and drafts,
公开主管 approves and extends), so that every reply letter, history step and due date is real.

Dates are counted in working days back from the day the demo is loaded, so the cases always read
the same way: closed history, a few cases due within days, one overdue, one extended, one waiting
for a correction, one in consultation, one waiting for a fee, one reply awaiting approval, and an
online application received today. Applicants are invented; their resident ID numbers and unified
social credit codes are made valid (GB 11643, GB 32100) because the services check them.
"""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, Document, Event
from gongkai.orgs.models import Organisation
from gongkai.workdays.rules import add_working_days
from gongkai.workdays.selectors import current_calendar

from .application_cases import APPLICANTS, CASES, REDACTED_PDF, Case


def load_applications(org: Organisation, users: dict[str, User]) -> int:
    """Loads the demo cases in order of receipt (so registration numbers follow the dates)."""
    dates = _Dates()
    for case in sorted(CASES, key=lambda c: -c.received):
        _load(org, users, case, dates)
    return Application.objects.filter(org=org).count()


class _Dates:
    """Working days counted back from today, and forward from a receipt, on the calendar in force."""

    def __init__(self):
        self.today = timezone.localdate()
        self.calendar = current_calendar()
        self.back = [self.today]  # back[n]: the n-th working day before today (back[0] is today)
        day = self.today
        while len(self.back) <= max(c.received for c in CASES):
            day -= dt.timedelta(days=1)
            if self.calendar.is_workday(day):
                self.back.append(day)

    def received(self, case: Case) -> dt.date:
        return self.back[case.received]

    def after(self, start: dt.date, working_days: int) -> dt.date:
        day = add_working_days(start, working_days, self.calendar) if working_days else start
        return min(day, self.today)


def _load(org: Organisation, users: dict[str, User], case: Case, dates: _Dates) -> None:
    clerk, supervisor = users["xinxiyuan"], users["zhuguan"]
    received = dates.received(case)
    data = dict(APPLICANTS[case.applicant], subject=case.subject)
    if case.channel == "online":
        app = _online(org, data, received)
    else:
        app = services.application_register(org=org, by=clerk, data=data, channel=case.channel, received_on=received)
    for step, offset, *args in case.steps:
        on = dates.after(received, offset)
        _STEPS[step](app, on, clerk, supervisor, *args)


def _online(org: Organisation, data: dict, received: dt.date) -> Application:
    """An online application as the portal recorded it on the day it was submitted. The public
    service (application_submit_online) always receives today; seed history needs earlier days."""
    if received == timezone.localdate():
        return services.application_submit_online(org=org, data=data)
    at = timezone.make_aware(dt.datetime.combine(received, dt.time(10, 30)))
    with transaction.atomic():
        app = services._create(org=org, data=data, channel="online", received_on=received, submitted_at=at)
        services.event_record(app, Event.Kind.RECEIVED, on=received, public=True, note="网上提交申请，系统已确认收到")
    return app


def _reply(app, on, clerk, supervisor, outcome: str, text: str) -> None:
    if outcome == "partially_disclosed":
        services.document_add(app=app, kind=Document.Kind.REDACTED, name=f"{app.subject[:20]}（区分处理后）.pdf",
                              content=REDACTED_PDF, public=True)
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome=outcome, reply_text=text, on=on)
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=on)


def _draft(app, on, clerk, supervisor, outcome: str, text: str) -> None:
    services.decision_draft(app_id=app.pk, by=clerk, outcome=outcome, reply_text=text, on=on)


_STEPS = {
    "reply": _reply,
    "draft": _draft,
    "correction": lambda app, on, clerk, sup, what: services.correction_request(app_id=app.pk, by=clerk, on=on, what=what),
    "corrected": lambda app, on, clerk, sup: services.correction_received(app_id=app.pk, by=clerk, on=on),
    "lapsed": lambda app, on, clerk, sup: services.correction_lapsed(app_id=app.pk, by=clerk, on=on),
    "consult": lambda app, on, clerk, sup, party: services.consultation_start(app_id=app.pk, by=clerk, on=on, party=party),
    "consulted": lambda app, on, clerk, sup, note: services.consultation_end(app_id=app.pk, by=clerk, on=on, note=note),
    "extend": lambda app, on, clerk, sup, reason: services.extension_approve(app_id=app.pk, by=sup, on=on, reason=reason),
    "fee": lambda app, on, clerk, sup, pages: services.fee_notice(app_id=app.pk, by=clerk, on=on, method="pages", pages=pages),
    "paid": lambda app, on, clerk, sup: services.fee_paid(app_id=app.pk, by=clerk, on=on),
    "unpaid": lambda app, on, clerk, sup: services.fee_lapsed(app_id=app.pk, by=clerk, on=on),
}
