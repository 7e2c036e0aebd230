"""`gongkai serve [--port 8000] [--workers N] [--bind ADDRESS]` (spec/cli.md): the production server,
gunicorn with threaded workers, on the configured database."""
from __future__ import annotations

from gongkai.core.cli import GongkaiCommand
from gongkai.core.serving import collect_static, gunicorn_exec, port_number, positive


class Command(GongkaiCommand):
    help = "生产环境服务（gunicorn）：gongkai serve [--port 8000] [--workers N] [--bind 地址]"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=port_number, default=8000, help="端口（默认 8000）")
        parser.add_argument("--workers", type=positive, default=None, help="工作进程数（默认：CPU 核数×2+1，最多 8）")
        parser.add_argument("--threads", type=positive, default=4, help="每个工作进程的线程数（默认 4）")
        # Loopback by default: in production a reverse proxy (nginx) faces the network, not gunicorn.
        parser.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS", help="监听地址（默认 127.0.0.1）")

    def handle(self, *args, port: int, workers: int | None, threads: int, bind: str, **options):
        collect_static(only_if_missing=True)
        gunicorn_exec(bind=f"{bind}:{port}", workers=workers, threads=threads)
