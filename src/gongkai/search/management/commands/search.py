"""`gongkai search reindex`: rebuilds the full-text index of the published items and messages.

Migrations rebuild it when the tokens change (search 0008); this is the same by hand — after a
restore from an older backup, or to check that the index holds what publishing would write."""
from __future__ import annotations

import time

from django.db import transaction

from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "全文检索：gongkai search reindex（按当前分词规则重建已公开信息和留言的检索索引）"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        actions.add_parser("reindex", help="重建检索索引，输出 JSON：重建的信息数和留言数")

    def handle(self, *args, action, **options):
        from gongkai.search import reindex
        from gongkai.search.backends import ITEMS, MESSAGES

        t0 = time.monotonic()
        with transaction.atomic():  # searches see the old index or the new one, never half of it
            items = reindex.rebuild(ITEMS)
            messages = reindex.rebuild(MESSAGES)
        self.print_json({"items": items, "messages": messages, "seconds": round(time.monotonic() - t0, 1)})
