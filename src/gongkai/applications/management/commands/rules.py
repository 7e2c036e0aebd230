"""`gongkai rules deadline …` and `gongkai rules fee …` (spec/cli.md): the legal rules, from the shell.

It lives beside the fee rule it prints (applications/fees.py); the deadline rule comes from the
working-day calendar below it (workdays), so every import points down the layers."""
from __future__ import annotations

from gongkai.core.cli import BadInput, GongkaiCommand
from gongkai.workdays.management.commands.calendar import parse_date
from gongkai.workdays.rules import PERIODS, Pause, answer_deadline
from gongkai.workdays.selectors import current_calendar

from ...fees import fee_by_count, fee_by_pages


class Command(GongkaiCommand):
    help = "法定规则：答复期限与信息处理费"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        deadline = actions.add_parser("deadline", help="答复期限（条例第三十三条）")
        deadline.add_argument("--received", required=True)
        deadline.add_argument("--regime", choices=sorted(PERIODS), default="2019")
        deadline.add_argument("--corrected")
        deadline.add_argument("--third-party", action="append", default=[], dest="third_party", metavar="START:END")
        fee = actions.add_parser("fee", help="信息处理费（国办函〔2020〕109号）")
        fee.add_argument("--method", choices=["count", "pages"], required=True)
        fee.add_argument("--monthly-count", type=int, dest="monthly_count")
        fee.add_argument("--pages", type=int)

    def handle(self, *args, action, **options):
        if action == "deadline":
            self.deadline(options)
        else:
            self.fee(options)

    def deadline(self, options) -> None:
        received = parse_date(options["received"], "--received")
        corrected = parse_date(options["corrected"], "--corrected") if options["corrected"] else None
        if corrected and corrected < received:
            raise BadInput("--corrected 不能早于 --received")
        pauses = []
        for span in options["third_party"]:
            start, sep, end = span.partition(":")
            if not sep:
                raise BadInput(f"--third-party {span!r} 无效：应为 START:END（两个 YYYY-MM-DD 日期）")
            pause = Pause(parse_date(start, "--third-party 起始日期"), parse_date(end, "--third-party 结束日期"))
            if pause.end < pause.start:
                raise BadInput(f"--third-party {span!r} 无效：结束日期早于起始日期")
            pauses.append(pause)
        result = answer_deadline(received_on=received, regime=options["regime"], corrected_on=corrected,
                                 pauses=tuple(pauses), calendar=current_calendar())
        self.print_json({
            "regime": result.regime, "start": result.start.isoformat(), "working_days": result.working_days,
            "due": result.due.isoformat(), "extended_due": result.extended_due.isoformat(),
        })

    def fee(self, options) -> None:
        if options["method"] == "count":
            n = options["monthly_count"]
            if n is None or n < 1:
                raise BadInput("按件计收需要 --monthly-count N（N ≥ 1，本月第几件申请）")
            if options["pages"] is not None:
                raise BadInput("一件申请只能适用一种计收方式：--method count 不接受 --pages")
            result = fee_by_count(n)
        else:
            p = options["pages"]
            if p is None or p < 0:
                raise BadInput("按量计收需要 --pages P（P ≥ 0，答复的页数）")
            if options["monthly_count"] is not None:
                raise BadInput("一件申请只能适用一种计收方式：--method pages 不接受 --monthly-count")
            result = fee_by_pages(p)
        self.print_json({"method": result.method, "fee_yuan": result.fee_yuan, "basis": result.basis})
