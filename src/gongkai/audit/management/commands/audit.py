"""`gongkai audit verify` (spec/cli.md): walks every keyed chain of the audit log (one per organisation,
and the system's) and compares each with the signed checkpoints kept outside the database;
`gongkai audit checkpoint` writes one per chain (cron)."""
from django.core.management.base import CommandError

from gongkai.audit.services import audit_check, audit_checkpoint
from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "审计日志：gongkai audit verify（校验日志链与检查点）｜gongkai audit checkpoint（写入签名检查点）"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        actions.add_parser("verify", help="校验各机关及系统的审计日志链及库外检查点；完整则退出码 0，异常则退出码 1 并指出第一条异常记录")
        actions.add_parser("checkpoint", help="把每条日志链当前的条数与最新哈希签名写入检查点文件（供定时任务调用）")

    def handle(self, *args, action, **options):
        if action == "checkpoint":
            self.print_json(audit_checkpoint())
            return
        verdict = audit_check()
        if verdict.ok:
            self.print_json({"ok": True, "entries": verdict.entries})
            return
        # position: within the broken chain; chain: the organisation's id (0: the system's chain).
        self.print_json({"ok": False, "entries": verdict.entries, "first_broken": verdict.first_broken,
                         "position": verdict.entries + 1, "reason": verdict.reason, "chain": verdict.chain,
                         "broken_chains": verdict.broken_chains})
        # Not bad input: the log was altered. Status 1, and the entry named for whoever investigates.
        named = f"id={verdict.first_broken}" if verdict.first_broken else f"第 {verdict.entries + 1} 条"
        raise CommandError(f"审计日志异常：第一条异常记录 {named}（此前 {verdict.entries} 条完好）：{verdict.reason}", returncode=1)
