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


_IS_CJK = re.compile(f"[{CJK}]").match


def join_lines(text: str) -> str:
    """TEXT on one line (a snippet): whitespace becomes one space, or nothing between Chinese characters.

    Word by word (str.split, in C), looking only at the two characters around each run of whitespace:
    a regular expression with look-behind tried every character of the text, half of a search page's
    snippets. tests/core/test_text.py holds it to that expression's result on random texts."""
    words = (text or "").split()
    if len(words) < 2:
        return words[0] if words else ""
    out = [words[0]]
    for before, word in zip(words, words[1:]):
        if not (_IS_CJK(before[-1]) and _IS_CJK(word[0])):
            out.append(" ")
        out.append(word)
    return "".join(out)
