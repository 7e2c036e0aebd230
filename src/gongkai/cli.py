"""The `gongkai` command: Django's manage.py with the settings preset (spec/cli.md).

Subcommands with a space in the contract (`gongkai org create`, `gongkai import items`) are
management commands named by their first word that take the second as a sub-action.

`gongkai` alone (or `gongkai help`) lists Gongkai's own subcommands in Chinese with what each does,
then Django's; an unknown subcommand is one Chinese line and exit status 2.
"""
import os
import sys
from difflib import get_close_matches


def _utility_class():
    from django.core.management import ManagementUtility, get_commands, load_command_class

    class GongkaiUtility(ManagementUtility):
        def main_help_text(self, commands_only=False):
            commands = get_commands()
            if commands_only:
                return "\n".join(sorted(commands))
            ours = sorted(name for name, app in commands.items() if isinstance(app, str) and app.startswith("gongkai."))
            lines = ["", f"用法：{self.prog_name} <子命令> [选项]", f"查看某个子命令的说明：{self.prog_name} <子命令> --help", "",
                     "公开 Gongkai 的子命令："]
            for name in ours:
                summary = (load_command_class(commands[name], name).help or "").split("\n")[0]
                lines.append(f"    {name:<14}{summary}")
            others = sorted(set(commands) - set(ours))
            lines += ["", "Django 的管理命令（供运维使用）：", "    " + "、".join(others)]
            return "\n".join(lines)

        def fetch_command(self, subcommand):
            if subcommand not in get_commands():
                near = get_close_matches(subcommand, get_commands())
                hint = f"，是否想输入 {near[0]}？" if near else "。"
                sys.stderr.write(f"没有这个子命令：{subcommand}{hint}运行 {self.prog_name} help 查看全部子命令。\n")
                sys.exit(2)
            return super().fetch_command(subcommand)

    return GongkaiUtility


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from gongkai.core.cli import install_chinese_argparse

    install_chinese_argparse()
    _utility_class()(sys.argv).execute()


if __name__ == "__main__":
    main()
