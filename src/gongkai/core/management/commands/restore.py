"""`gongkai restore PATH` (spec/cli.md): puts back the database and attachments of a backup."""
from __future__ import annotations

from pathlib import Path

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.backup import backup_restore
from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "恢复：gongkai restore 备份文件路径（替换当前数据库与附件）"

    def add_arguments(self, parser):
        parser.add_argument("path", help="gongkai backup 生成的备份文件")

    def handle(self, *args, path: str, **options):
        result = backup_restore(Path(path))
        with transaction.atomic():  # the restore itself goes on record, with a fresh checkpoint
            audit_record("system.restored", data={"backup": result["restored"], "created_at": result["created_at"]})
        self.print_json(result)
