"""`gongkai audit verify` (spec/cli.md): walks the hash chain of the audit log."""
from django.core.management.base import CommandError

from gongkai.audit.services import audit_verify
from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "审计日志：gongkai audit verify（校验哈希链是否完整）"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        actions.add_parser("verify", help="校验审计日志哈希链；完整则退出码 0，断裂则退出码 1 并指出第一条断裂记录")

    def handle(self, *args, action, **options):
        ok, checked, broken_id = audit_verify()
        if ok:
            self.print_json({"ok": True, "entries": checked})
            return
        self.print_json({"ok": False, "entries": checked, "first_broken": broken_id})
        # Not bad input: the log was altered. Status 1, and the entry named for whoever investigates.
        raise CommandError(f"审计日志哈希链断裂：第一条异常记录 id={broken_id}（此前 {checked} 条完好）", returncode=1)
