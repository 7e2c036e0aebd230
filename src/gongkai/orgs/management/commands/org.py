"""`gongkai org create CODE NAME [--parent CODE]` (spec/cli.md): creates or renames an organisation."""
from gongkai.core.cli import GongkaiCommand
from gongkai.orgs.services import org_create_or_rename


class Command(GongkaiCommand):
    help = "机关管理：gongkai org create CODE NAME [--parent CODE]（创建或更名，可重复执行）"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        create = actions.add_parser("create", help="创建机关，已存在则更名")
        create.add_argument("code", help="机构代码（字母、数字、下划线、连字符），如 gzsti")
        create.add_argument("name", help="机关名称，如 贵州省科学技术厅")
        create.add_argument("--parent", metavar="CODE", help="上级机关的机构代码")

    def handle(self, *args, action, code, name, parent=None, **options):
        org, created = org_create_or_rename(code=code, name=name, parent_code=parent)
        self.print_json({
            "code": org.code, "name": org.name, "parent": org.parent.code if org.parent_id else None,
            "created": created,
        })
