"""`gongkai worker [--concurrency N] [--beat]`: the task worker (Celery) that runs the background work
— e-mail, the recompute after a calendar change, exports, text extraction (decision 0054). Runs on
any number of machines beside the app servers, all on the broker of CELERY_BROKER_URL (or REDIS_URL).
With --beat it also starts the periodic commands on their schedule (settings.CELERY_BEAT_SCHEDULE);
each takes its claim (tasks/periodic.py), so running beat on several machines still runs each once."""
from __future__ import annotations

from django.conf import settings

from gongkai.core.cli import BadInput, GongkaiCommand


class Command(GongkaiCommand):
    help = "运行后台任务工作进程（Celery）：发送邮件、日历调整后重新计算期限、导出报表等；--beat 同时按计划运行定时命令"

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=2, help="同时执行的任务数（进程数，默认 2）")
        parser.add_argument("--beat", action="store_true", help="同时按计划运行提醒、清理、审计检查点等定时命令")
        parser.add_argument("--pool", default="prefork", choices=["prefork", "solo", "threads"], help="执行方式（默认 prefork）")
        parser.add_argument("--loglevel", default="INFO", help="日志级别（默认 INFO）")

    def handle(self, *args, concurrency: int, beat: bool, pool: str, loglevel: str, **options):
        if settings.GONGKAI_TASKS_INLINE:
            raise BadInput("未配置任务队列：请设置 CELERY_BROKER_URL（或 REDIS_URL），例如 redis://127.0.0.1:6379/0；"
                           "未配置时后台任务在提交它的进程中直接执行，无需工作进程")
        if concurrency < 1:
            raise BadInput(f"--concurrency 应为正整数，而不是 {concurrency}")
        from gongkai.tasks.queue import app

        argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", f"--pool={pool}",
                "--without-gossip", "--without-mingle", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE]
        if beat:
            argv += ["--beat", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"]
        app.worker_main(argv)
