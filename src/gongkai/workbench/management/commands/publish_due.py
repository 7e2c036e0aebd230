"""`gongkai publish_due`: publishes the revisions whose scheduled time (定时发布) has come.

Meant for cron (e.g. every minute). Each revision is claimed with a conditional UPDATE inside
catalog.services.revisions_publish_due, so two runs at the same moment never publish one twice.
"""
import json

from gongkai.core.cli import GongkaiCommand

from gongkai.catalog.services import revisions_publish_due


class Command(GongkaiCommand):
    help = "发布已到定时发布时间的稿件（可由 cron 定期运行，多个进程同时运行也不会重复发布）"

    def handle(self, *args, **options):
        published = revisions_publish_due()
        self.stdout.write(json.dumps({"published": published}, ensure_ascii=False))
