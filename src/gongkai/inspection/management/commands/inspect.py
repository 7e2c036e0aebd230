"""`gongkai inspect --org CODE [--on DATE]` (spec/cli.md): runs every self-inspection rule as of DATE
(default today), keeps the run as history and prints its JSON. Safe to run twice at once (cron)."""
from __future__ import annotations

from django.utils import timezone

from gongkai.core.cli import BadInput, GongkaiCommand
from gongkai.inspection.services import inspection_run, run_as_json
from gongkai.orgs.models import Organisation
from gongkai.workdays.management.commands.calendar import parse_date


class Command(GongkaiCommand):
    help = "督查自查：按《政府网站与政务新媒体检查指标》等规则检查一个机关，输出得分和问题（JSON）"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机关代码")
        parser.add_argument("--on", help="检查日期 YYYY-MM-DD，默认今天")

    def handle(self, *args, **options):
        org = Organisation.objects.filter(code=options["org"]).first()
        if org is None:
            raise BadInput(f"没有代码为“{options['org']}”的机关")
        on = parse_date(options["on"], "检查日期") if options["on"] else timezone.localdate()
        run = inspection_run(org=org, on=on)
        self.print_json(run_as_json(run))
