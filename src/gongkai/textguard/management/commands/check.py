"""`gongkai check text FILE|-` (spec/cli.md): the guard's findings in a text file, as JSON.

`gongkai check` without `text` is Django's system check, unchanged (`gongkai check --deploy`).
"""
from __future__ import annotations

import sys

from django.core.management.commands.check import Command as DjangoCheck
from django.db import DatabaseError

from gongkai.core.cli import BadInput, GongkaiCommand
from gongkai.core.errors import file_error_text

from ...detector import DEFAULT_SENSITIVE_WORDS, scan
from ...selectors import sensitive_words


class Command(GongkaiCommand, DjangoCheck):
    help = DjangoCheck.help + "  `check text FILE|-`：保密审查，以 JSON 列出文本中的身份证号码、密级标志等。"

    def handle(self, *app_labels, **options):
        if app_labels and app_labels[0] == "text":
            return self.check_text(app_labels[1:], options.get("stdin") or sys.stdin.buffer)
        return super().handle(*app_labels, **options)

    def check_text(self, args, stdin) -> None:
        if len(args) != 1:
            raise BadInput("用法：gongkai check text FILE（“-”表示标准输入）")
        text = read_text(args[0], stdin)
        try:
            words = sensitive_words()
        except DatabaseError:  # a database not migrated yet: the shipped list
            words = list(DEFAULT_SENSITIVE_WORDS)
        self.print_json({"findings": [f.as_dict() for f in scan(text, words=words)]})


def read_text(path: str, stdin) -> str:
    """The text of PATH ("-": standard input) as UTF-8 (with or without BOM) or GB18030."""
    try:
        if path == "-":
            data = stdin.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except FileNotFoundError:
        raise BadInput(f"文件不存在：{path}") from None
    except IsADirectoryError:
        raise BadInput(f"不是文件而是文件夹：{path}") from None
    except OSError as e:
        raise BadInput(file_error_text(e)) from None
    if isinstance(data, str):
        return data
    if b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise BadInput(f"无法识别文件编码，应为 UTF-8 或 GB18030 文本：{path}")
