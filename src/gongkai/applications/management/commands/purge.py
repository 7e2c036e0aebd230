"""`gongkai purge`: erases the personal data of cases closed longer ago than the retention period
(GONGKAI_RETENTION_DAYS), with old receipts and spent rate-limit windows. Safe to run twice, or twice at once."""
from __future__ import annotations

import datetime as dt

from gongkai.core.cli import BadInput, GongkaiCommand


class Command(GongkaiCommand):
    help = "按保存期限删除已办结申请的个人信息：gongkai purge [--on YYYY-MM-DD]（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--on", default="", help="以该日期计算保存期限（默认今天）")

    def handle(self, *args, on: str, **options):
        from gongkai.applications.retention import applications_purge

        try:
            today = dt.date.fromisoformat(on) if on else None
        except ValueError:
            raise BadInput(f"日期格式应为 YYYY-MM-DD：{on}") from None
        self.print_json(applications_purge(today=today))
