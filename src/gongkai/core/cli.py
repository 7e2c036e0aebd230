"""What every `gongkai` subcommand of the contract (spec/cli.md) shares.

- Bad input exits with status 2 and a clear message on standard error, without Django's
  "CommandError:" prefix or argparse's usage dump, so that a script's log shows one readable line.
- A GongkaiError raised by a service (its message is already in Chinese) is bad input too.
- Machine-readable output is one JSON document, UTF-8, not ASCII-escaped.
- Everything a person reads is Chinese: argparse's own words (usage, options, "the following arguments
  are required" …) through ARGPARSE_ZH, Django's base options' help, and files that cannot be read
  ("No such file or directory") as one Chinese line.
"""
from __future__ import annotations

import argparse
import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from gongkai.core.errors import GongkaiError, file_error_text

BAD_INPUT = 2

# argparse's messages (Python 3.11–3.13) in Chinese. argparse looks each up through its module-level
# `_` (gettext) when it formats help or an error; Python ships no Chinese catalogue for it.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "ignored explicit argument %r": "多余的值 %r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须提供其中一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开文件“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
}
_PLURALS_ZH = {"expected %s argument": "需要 %s 个值"}

# Django's options that every command has, as `gongkai … --help` shows them.
BASE_OPTIONS_ZH = {
    "verbosity": "输出详细程度：0=最少，1=正常，2=详细，3=非常详细",
    "traceback": "出错时显示完整的调用栈（排查问题用）",
    "settings": "设置模块的 Python 路径（默认取环境变量 DJANGO_SETTINGS_MODULE）",
    "pythonpath": "加入 Python 路径的目录",
    "no_color": "不使用彩色输出",
    "force_color": "强制使用彩色输出",
    "skip_checks": "跳过系统检查",
    "version": "显示版本号并退出",
}


def _zh(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def _zh_plural(singular: str, plural: str, n: int) -> str:
    return _PLURALS_ZH.get(singular, singular if n == 1 else plural)


def install_chinese_argparse() -> None:
    """Makes argparse speak Chinese in this process (the `gongkai` command's, never the server's)."""
    argparse._ = _zh
    argparse.ngettext = _zh_plural


class BadInput(CommandError):
    """The command was given something it cannot use; exits with status 2."""

    def __init__(self, message: str):
        super().__init__(message, returncode=BAD_INPUT)


class OneLineParser(CommandParser):
    """argparse's errors as one Chinese line (see ARGPARSE_ZH) and status 2."""

    def error(self, message):
        text = f"参数错误：{message}（用法：{self.prog} --help）"
        if self.called_from_command_line:
            self.exit(BAD_INPUT, text + "\n")
        raise BadInput(text)


class GongkaiCommand(BaseCommand):
    """Base of the contract's commands: one-line errors, exit status 2 for bad input, JSON output,
    and help in Chinese (Django's developer options are accepted but not listed)."""

    suppressed_base_arguments = {"--settings", "--pythonpath", "--no-color", "--force-color", "--skip-checks"}

    def create_parser(self, prog_name, subcommand, **kwargs):
        install_chinese_argparse()
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser  # same object, only error() differs
        for action in parser._actions:
            if action.dest in BASE_OPTIONS_ZH and action.help != argparse.SUPPRESS:
                action.help = BASE_OPTIONS_ZH[action.dest]
        return parser

    def add_subcommands(self, parser, dest: str = "action", **kwargs):
        """Sub-actions (`org create`, `audit verify`) whose parsers also fail in one line."""
        return parser.add_subparsers(dest=dest, required=True, parser_class=OneLineParser, **kwargs)

    def execute(self, *args, **options):
        try:
            try:
                return self._execute_once(*args, **options)
            except GongkaiError as e:
                raise BadInput(e.message) from None
            except OSError as e:
                if e.filename is None:  # not a file named by the caller (a network error …): a real failure
                    raise
                raise BadInput(file_error_text(e)) from None
        except CommandError as e:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(e))
            sys.exit(e.returncode)

    def _execute_once(self, *args, **options):
        """A periodic command (tasks/periodic.py: remind, purge, audit checkpoint …) runs on one server
        of many: the others print {"skipped": true, …} and exit 0."""
        from gongkai.tasks.periodic import periodic_name, periodic_once, skipped_report

        name = periodic_name(self.__class__.__module__.rsplit(".", 1)[-1], options.get("action"))
        if name is None:
            return super().execute(*args, **options)
        with periodic_once(name) as mine:
            if mine:
                return super().execute(*args, **options)
            self.stdout = OutputWrapper(options.get("stdout") or sys.stdout)
            self.print_json(skipped_report(name))
            return None

    def print_json(self, document) -> None:
        self.stdout.write(json.dumps(document, ensure_ascii=False))
