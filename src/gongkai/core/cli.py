"""What every `gongkai` subcommand of the contract (spec/cli.md) shares.

- Bad input exits with status 2 and a clear message on standard error, without Django's
  "CommandError:" prefix or argparse's usage dump, so that a script's log shows one readable line.
- A GongkaiError raised by a service (its message is already in Chinese) is bad input too.
- Machine-readable output is one JSON document, UTF-8, not ASCII-escaped.
"""
from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.errors import GongkaiError

BAD_INPUT = 2


class BadInput(CommandError):
    """The command was given something it cannot use; exits with status 2."""

    def __init__(self, message: str):
        super().__init__(message, returncode=BAD_INPUT)


class OneLineParser(CommandParser):
    """argparse's errors as one line (English detail from argparse, Chinese frame) and status 2."""

    def error(self, message):
        text = f"参数错误：{message}（用法：{self.prog} --help）"
        if self.called_from_command_line:
            self.exit(BAD_INPUT, text + "\n")
        raise BadInput(text)


class GongkaiCommand(BaseCommand):
    """Base of the contract's commands: one-line errors, exit status 2 for bad input, JSON output."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser  # same object, only error() differs
        return parser

    def add_subcommands(self, parser, dest: str = "action", **kwargs):
        """Sub-actions (`org create`, `audit verify`) whose parsers also fail in one line."""
        return parser.add_subparsers(dest=dest, required=True, parser_class=OneLineParser, **kwargs)

    def execute(self, *args, **options):
        try:
            try:
                return super().execute(*args, **options)
            except GongkaiError as e:
                raise BadInput(e.message) from None
        except CommandError as e:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(e))
            sys.exit(e.returncode)

    def print_json(self, document) -> None:
        self.stdout.write(json.dumps(document, ensure_ascii=False))
