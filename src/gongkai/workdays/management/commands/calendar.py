"""`gongkai calendar add-holiday|add-workday DATE [--name TEXT]` and `gongkai calendar show YEAR`."""
from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from gongkai.core.cli import BadInput, GongkaiCommand
from gongkai.workdays.calendar import PACKAGE_VERSION, package_knows
from gongkai.workdays.models import CalendarOverride
from gongkai.workdays.selectors import current_calendar
from gongkai.workdays.services import calendar_override_set


def parse_date(value: str, what: str = "日期") -> dt.date:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _raise()
    except ValueError:
        raise BadInput(f"{what} {value!r} 无效：应为 YYYY-MM-DD 格式的日期") from None


def _raise():
    raise ValueError


class Command(GongkaiCommand):
    help = "工作日历：录入法定节假日和调休上班日，查看某年的日历"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        for name, help_text in (("add-holiday", "将该日期标为法定节假日"), ("add-workday", "将该日期（周末）标为调休上班日")):
            sub = actions.add_parser(name, help=help_text)
            sub.add_argument("date")
            sub.add_argument("--name", default="")
        show = actions.add_parser("show", help="输出某年的节假日和调休上班日（JSON）")
        show.add_argument("year", type=int)

    def handle(self, *args, action, **options):
        if action == "show":
            return self.show(options["year"])
        day = parse_date(options["date"])
        is_workday = action == "add-workday"
        # here=True: the recompute runs in this process, so that a script sees the new due dates (and
        # their count) when the command returns, with or without a worker.
        _, job = calendar_override_set(day=day, is_workday=is_workday, name=options["name"], here=True)
        job.refresh_from_db()
        if job.state != job.State.DONE:
            raise CommandError(f"日历已修改，但重新计算答复期限失败：{job.error}", returncode=1)
        self.print_json({"date": day.isoformat(), "workday": is_workday, "name": options["name"],
                         "recomputed": job.result.get("recomputed", 0)})

    def show(self, year: int) -> None:
        if not 1900 <= year <= 2999:
            raise BadInput(f"年份 {year} 无效")
        calendar = current_calendar()
        holidays, workdays = calendar.year_schedule(year)
        has_overrides = CalendarOverride.objects.filter(day__year=year).exists()
        if package_knows(year):
            source = f"chinese-calendar {PACKAGE_VERSION}".strip() + ("+overrides" if has_overrides else "")
        else:
            source = "overrides" if has_overrides else "weekends-only"
        self.print_json({
            "year": year,
            "holidays": [d.isoformat() for d in holidays],
            "workdays": [d.isoformat() for d in workdays],
            "source": source,
        })
