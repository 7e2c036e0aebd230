"""The legal rules of consultations and of the results of suggestions, as pure functions over plain
values (tested from hand-worked tables in tests/consultation/test_rules.py).

Counting (decision 0015): a consultation's period is the span the public may comment in, from its
opening day to its closing day, both included — "2026年3月1日至3月30日" is 30 days.
"""
from __future__ import annotations

import datetime as dt

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.rules import add_working_days

# 《重大行政决策程序暂行条例》第十五条: 公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，
# 公开征求意见时应当予以说明。
GENERAL_MIN_DAYS = 30
# 国办发〔2018〕37号《关于加强行政规范性文件制定和监督管理工作的通知》: 向社会公开征求意见的期限
# 一般不少于7个工作日.
NORMATIVE_MIN_WORKING_DAYS = 7


def period_days(opens_on: dt.date, closes_on: dt.date) -> int:
    """Calendar days of the period, both ends included."""
    return (closes_on - opens_on).days + 1


def period_working_days(opens_on: dt.date, closes_on: dt.date, calendar: WorkCalendar) -> int:
    """Working days of the period (statutory holidays and 调休 from the calendar), both ends included."""
    return len(calendar.workdays_between(opens_on, closes_on))


def period_problem(*, opens_on: dt.date, closes_on: dt.date, is_normative: bool, reason: str,
                   calendar: WorkCalendar) -> str | None:
    """Why the period of a consultation is not allowed, in Chinese, or None when it is.

    - the closing day may not come before the opening day;
    - 行政规范性文件 (国办发〔2018〕37号): at least 7 working days — a floor no reason lowers;
    - anything else (《重大行政决策程序暂行条例》第十五条): at least 30 days, or a stated reason for less.
    """
    if closes_on < opens_on:
        return "征求意见截止日期不能早于开始日期"
    if is_normative:
        working = period_working_days(opens_on, closes_on, calendar)
        if working < NORMATIVE_MIN_WORKING_DAYS:
            return (f"行政规范性文件公开征求意见的期限不少于{NORMATIVE_MIN_WORKING_DAYS}个工作日"
                    f"（国办发〔2018〕37号），当前期限只有{working}个工作日")
        return None
    days = period_days(opens_on, closes_on)
    if days < GENERAL_MIN_DAYS and not (reason or "").strip():
        return (f"公开征求意见的期限一般不少于{GENERAL_MIN_DAYS}日（《重大行政决策程序暂行条例》第十五条），"
                f"当前期限只有{days}日；如需缩短，请填写缩短期限的理由")
    return None


def suggestion_result_due(replied_on: dt.date, working_days: int, calendar: WorkCalendar) -> dt.date:
    """建议提案办理结果: the last day to publish the result, WORKING_DAYS working days after the reply
    (the reply day itself not counted; the agency's setting, 20 by default — regulations.md)."""
    return add_working_days(replied_on, working_days, calendar)
