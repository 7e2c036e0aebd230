"""`gongkai applications list --org CODE [--open]` (spec/cli.md): the agency's applications as JSON,
with their due dates and the working days left, for scripts and cron jobs that watch deadlines."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.selectors import _days_left_counter  # the staff queue's count, same rule
from gongkai.core.cli import BadInput, GongkaiCommand
from gongkai.orgs.models import Organisation


class Command(GongkaiCommand):
    help = "依申请公开：列出本机关的申请及其答复期限"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        listing = actions.add_parser("list", help="列出申请（JSON）：编号、收到日期、状态、办理结果、期限、剩余工作日")
        listing.add_argument("--org", required=True, metavar="CODE", help="机关（机构代码）")
        listing.add_argument("--open", action="store_true", dest="only_open", help="只列出尚在办理中的申请")

    def handle(self, *args, action, org, only_open=False, **options):
        found = Organisation.objects.filter(code=org).first()
        if found is None:
            raise BadInput(f"机关 {org} 不存在")
        self.print_json({"applications": applications_rows(found, only_open=only_open, today=timezone.localdate())})


def applications_rows(org: Organisation, *, only_open: bool, today: dt.date) -> list[dict]:
    """The rows of the contract, ordered by date of receipt then number. days_left: working days
    from today to the due date in force (rules.working_days_left; negative when overdue), null when
    closed or when no clock runs (waiting for a correction, or a pause that has used up the period)."""
    qs = Application.objects.filter(org=org)
    if only_open:
        qs = qs.filter(status__in=Application.OPEN_STATUSES)
    fields = ("number", "received_on", "status", "outcome", "closed_on", "due_on", "extended_due_on", "effective_due_on")
    found = list(qs.order_by("received_on", "number").values_list(*fields))
    running = [effective for _, _, status, *_, effective in found if status in Application.OPEN_STATUSES and effective]
    # One list of working days for every due date: asked date by date, the calendar would be walked
    # once per case (years of imported history made that seconds per thousand cases).
    days_left = _days_left_counter(today, running)
    rows = []
    for number, received, status, outcome, closed, due, extended_due, effective in found:
        is_open = status in Application.OPEN_STATUSES
        rows.append({
            "number": number, "received_on": _iso(received), "status": status,
            "outcome": None if is_open or not outcome else outcome, "closed_on": _iso(closed),
            "due": _iso(due), "extended_due": _iso(extended_due),
            "days_left": days_left(effective) if is_open and effective else None,
        })
    return rows


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
