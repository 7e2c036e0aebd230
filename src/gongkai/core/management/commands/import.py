"""`gongkai import KIND FILE --org CODE` (spec/cli.md): all rows or none; prints {"created", "updated"}.

Each KIND maps to the importer of the app that owns those records.
"""
from django.utils.module_loading import import_string

from gongkai.core.cli import GongkaiCommand
from gongkai.core.progress import Progress

IMPORTERS = {
    "applications": ("gongkai.applications.importing.applications_import", "导入依申请公开的历史申请记录（CSV 或 XLSX）"),
    "items": ("gongkai.catalog.importing.items_import", "导入主动公开目录条目（CSV 或 XLSX）"),
    "messages": ("gongkai.interaction.importing.messages_import", "导入网民留言及答复（CSV 或 XLSX）"),
    "events": ("gongkai.publicity.importing.events_import", "导入新闻发布会、访谈、热线和培训的记录（CSV 或 XLSX）"),
    "posts": ("gongkai.publicity.importing.posts_import", "导入政务新媒体的发布记录（CSV 或 XLSX）"),
    "submissions": ("gongkai.publicity.importing.submissions_import", "导入向上级机关报送信息及采用情况（CSV 或 XLSX）"),
    "suggestions": ("gongkai.consultation.importing.suggestions_import", "导入人大代表建议、政协委员提案及其办理结果（CSV 或 XLSX）"),
}


class Command(GongkaiCommand):
    help = "导入：gongkai import applications|items|messages|events|posts|submissions|suggestions FILE --org CODE（全部成功或全部不写入）"

    def add_arguments(self, parser):
        kinds = self.add_subcommands(parser, dest="kind")
        for kind, (_, help_text) in IMPORTERS.items():
            sub = kinds.add_parser(kind, help=help_text)
            sub.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件，第一行为表头")
            sub.add_argument("--org", required=True, metavar="CODE", help="导入到哪个机关（机构代码）")

    def handle(self, *args, kind, file, org, **options):
        importer = import_string(IMPORTERS[kind][0])
        if kind == "items":  # the one that takes minutes: a bar on the terminal (standard error only)
            self.print_json(importer(path=file, org_code=org, progress=Progress()))
            return
        self.print_json(importer(path=file, org_code=org))
