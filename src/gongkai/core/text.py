"""Chinese text as people expect to read it."""
from __future__ import annotations

import re

# CJK ideographs, CJK punctuation (。，、“” …) and full-width forms (（）：；！？).
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026\u2014"
# A line break (with the indentation around it) between two Chinese characters: a browser shows it
# as a space in the middle of a sentence, where Chinese has none.
_BROKEN_LINE = re.compile(rf"(?<=[{CJK}])[ \t]*\r?\n\s*(?=[{CJK}])")


def tidy_cjk(text: str) -> str:
    """Joins lines that a template or an editor broke inside a Chinese sentence."""
    return _BROKEN_LINE.sub("", text or "")


_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def join_lines(text: str) -> str:
    """TEXT on one line (a snippet): whitespace becomes one space, or nothing between Chinese characters."""
    return " ".join(_BETWEEN_CJK.sub("", text or "").split())
