"""join_lines (a search snippet on one line): every run of whitespace becomes one space, or nothing
between two Chinese characters, where Chinese has none. Checked against that rule written as the
regular expression it was first built with, on a table and on random texts of every kind of space."""
import random
import re

import pytest

from gongkai.core.text import CJK, join_lines

_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def by_definition(text: str) -> str:
    return " ".join(_BETWEEN_CJK.sub("", text or "").split())


@pytest.mark.parametrize("text, joined", [
    ("", ""),
    ("   \n\t ", ""),
    ("科技", "科技"),
    ("科技\n计划", "科技计划"),               # a line broken inside a Chinese sentence
    ("科技。\n\n  各有关单位：", "科技。各有关单位："),  # after a full stop, before a word
    ("2026年\n项目", "2026年项目"),
    ("项目\n2026年", "项目 2026年"),          # a digit after the break: a space, as before
    ("Python\n语言", "Python 语言"),
    ("a  b\tc", "a b c"),
    ("中\u3000文", "中文"),                    # the ideographic space is a space
    ("a\u3000 文", "a 文"),
    ("“通知”\n（附件）", "“通知”（附件）"),
    ("  前后有空白  ", "前后有空白"),
])
def test_it_joins_lines_as_chinese_is_written(text, joined):
    assert join_lines(text) == joined == by_definition(text)


def test_it_agrees_with_the_rule_on_random_texts():
    rng = random.Random(11)
    pieces = ["中", "文", "。", "，", "（", "）", "“", "”", "…", "—", "a", "Z", "7", "-", ".", "〔", "〕",
              " ", "  ", "\n", "\r\n", "\t", "\u3000", "\u00a0", "\u2028", " \n ", "\u3000 "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        assert join_lines(text) == by_definition(text), repr(text)
