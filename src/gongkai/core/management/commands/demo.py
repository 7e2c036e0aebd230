"""`gongkai demo [--port 8000]` (spec/cli.md): migrates the embedded database, loads the demo agency
(idempotent), prints the demo logins and serves on 127.0.0.1 with gunicorn."""
from __future__ import annotations

from django.conf import settings
from django.core.management import call_command

from gongkai.core.cli import GongkaiCommand
from gongkai.core.serving import collect_static, gunicorn_exec, port_number


class Command(GongkaiCommand):
    help = "演示：迁移内置数据库、载入演示机关（可重复执行）、打印演示账号，并在 127.0.0.1 上启动服务"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=port_number, default=8000, help="端口（默认 8000）")
        parser.add_argument("--no-serve", action="store_true", help="只迁移和载入数据，不启动服务")
        parser.add_argument("--codes", action="store_true",
                            help="只打印演示管理员（admin、anquan、shenji）当前的二次验证码（其密钥是公开的演示密钥）")

    def handle(self, *args, port: int, no_serve: bool = False, codes: bool = False, **options):
        from gongkai.demo.loader import demo_load

        if codes:
            from gongkai.demo.accounts import current_codes

            for username, code in current_codes().items():
                self.stdout.write(f"{username}：{code}")
            return

        self.stdout.write(f"== 正在建立或更新数据库（{settings.DATA_DIR}，首次约需 20 秒）……")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("== 正在载入演示机关、目录条目和申请（首次约需 30 秒，以后几乎立即完成）……")
        summary = demo_load()
        self.stdout.write("== 正在准备网页的样式和脚本……")
        collect_static()
        self.stdout.write(self._welcome(summary, port, serving=not no_serve))
        if no_serve:
            return
        # The demo is plain HTTP on the loopback address: cookies cannot be "secure" there.
        gunicorn_exec(
            bind=f"127.0.0.1:{port}", workers=2, access_log=False,
            env={"SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false", "GONGKAI_DATA_DIR": str(settings.DATA_DIR)},
            # The portal introduces the demo agency, not the province node above it.
            env_defaults={"GONGKAI_DEFAULT_ORG": summary["org"]},
        )

    def _welcome(self, summary: dict, port: int, serving: bool = True) -> str:
        url = f"http://127.0.0.1:{port}/"
        lines = [
            "",
            f"演示机关：贵州省科学技术厅（{summary['org']}），目录条目 {summary['items']} 条，其中已发布 {summary['published']} 条",
            f"数据目录：{settings.DATA_DIR}",
            "",
            f"门户网站：{url}",
            f"工作台：  {url}workbench/",
            f"系统管理：{url}admin/",
            "",
            "演示账号（仅供演示）：",
        ]
        lines += [f"  {login.role}：用户名 {login.username}  密码 {login.password}" for login in summary["logins"]]
        lines += [
            "",
            "三位管理员登录时须输入二次验证码：在手机验证器中添加上面的密钥，",
            "或另开终端运行 `.venv/bin/gongkai demo --codes` 查看当前验证码（演示密钥是公开的，仅供演示）。",
        ]
        if serving:
            lines += ["", f"== 服务已在 {url} 启动：请用浏览器打开这个地址。按 Ctrl+C 停止。",
                      "   端口被占用时可换一个：make demo PORT=8080（或 gongkai demo --port 8080）"]
        lines += [""]
        return "\n".join(lines)
