"""`gongkai close_lapsed`: for cron, once a day. Ends the applications whose correction term
(第三十条) or fee payment term has passed, as other_no_correction / other_fee_unpaid."""
from __future__ import annotations

from gongkai.applications.services import applications_close_lapsed
from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "终止逾期未补正、逾期未缴费的政府信息公开申请（可由 cron 每日运行，重复运行不会重复处理）"

    def handle(self, *args, **options):
        self.print_json({"closed": applications_close_lapsed()})
