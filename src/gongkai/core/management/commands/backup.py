"""`gongkai backup PATH` (spec/cli.md): a consistent archive of the database and the attachments."""
from __future__ import annotations

from pathlib import Path

from gongkai.core.backup import backup_create
from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "备份：gongkai backup 文件路径（数据库与附件，服务运行中也保持一致）"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件路径，如 /backup/gongkai-2026-12-01.tar（.tar.gz 则压缩）")

    def handle(self, *args, path: str, **options):
        self.print_json(backup_create(Path(path)))
