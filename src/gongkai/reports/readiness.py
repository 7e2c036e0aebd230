"""When an annual report may be finalised and published — pure rules over plain values.

《中华人民共和国政府信息公开条例》第四十九条、第五十条: the report covers a calendar year and is
published by 31 January of the next year, in the format of 国办公开办函〔2021〕30号. So:
- it may not be finalised before the year is over (1 January of the next year);
- nothing of a template may remain ("（请填写）" and the like);
- 一、总体情况 and 五、存在的主要问题及改进情况 must say something: an independent checker of
  published reports fails a report whose 五 reads "（无）";
- the applications table must add up (勾稽关系, `annual.consistency`);
- publishing after 31 January is allowed (a late report is better than none) but is flagged.
"""
from __future__ import annotations

import datetime as dt
import re

# Text that a template or a draft leaves for people to replace.
PLACEHOLDER = re.compile(r"请填写|待填写|待补充|请补充|此处填写|请在此|[×Ｘ]{2,}|XX年")
# What, once brackets, punctuation and spaces are gone, says nothing.
EMPTY_WORDS = {"", "无", "暂无", "没有", "略", "空", "不适用", "无问题", "未填写", "待定"}
_NOISE = re.compile(r"[\s（）()【】\[\]〔〕「」《》“”\"'‘’。．.，,、；;：:！!？?—\-_…·]+")


def publication_deadline(year: int) -> dt.date:
    """第五十条: the report on YEAR is published by 31 January of the next year."""
    return dt.date(year + 1, 1, 31)


def is_late(year: int, published_on: dt.date) -> bool:
    return published_on > publication_deadline(year)


def is_blank(text: str, heading: str = "") -> bool:
    """Whether TEXT says nothing: empty, "（无）", "暂无。", or only its own HEADING."""
    body = (text or "").strip()
    if heading and body.startswith(heading):
        body = body[len(heading):]
    return _NOISE.sub("", body) in EMPTY_WORDS


def placeholders(text: str) -> list[str]:
    """The lines of TEXT that still hold a placeholder, trimmed for a message."""
    return [line.strip()[:40] for line in (text or "").splitlines() if PLACEHOLDER.search(line)]


def finalise_blockers(*, year: int, today: dt.date, prose: dict[str, str], consistency_problems: list[str],
                      version: int = 1, correction_reason: str = "") -> list[str]:
    """Every reason, in Chinese, why the report on YEAR may not be finalised on TODAY; empty when it may.
    PROSE: the three sections by key (overview, problems, other_matters)."""
    from .labels import SECTIONS

    reasons = []
    if today < dt.date(year + 1, 1, 1):
        reasons.append(f"{year}年度尚未结束：年度报告须在{year + 1}年1月1日之后定稿发布")
    if version > 1 and not correction_reason.strip():
        reasons.append("更正版本须写明更正原因")
    for key in ("overview", "problems"):
        if is_blank(prose.get(key, ""), SECTIONS[key]):
            reasons.append(f"“{SECTIONS[key]}”尚未填写，不能为空或写“无”")
    for key in ("overview", "problems", "other_matters"):
        for line in placeholders(prose.get(key, "")):
            reasons.append(f"“{SECTIONS[key]}”中仍有待填写的内容：{line}")
    if consistency_problems:
        reasons.append("数据勾稽关系不符：" + "；".join(consistency_problems))
    return reasons
