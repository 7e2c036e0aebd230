"""The rules of messages as pure functions over plain values (tests/interaction/test_rules.py works
each case out by hand).

- Reply term (regulations.md, self-inspection `message_late`): a message is to be answered within the
  agency's reply term, a setting in working days (default 5), counted like every period of the
  regulation — from the day after receipt, working days only (`workdays.rules.add_working_days`).
- What makes a public submission suspicious enough to hold back for a person to look at (never to
  drop): the hidden field filled in, more submissions from one address than the limit, a text
  stuffed with links.
"""
from __future__ import annotations

import datetime as dt
import re

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.rules import add_working_days, working_days_left

MAX_LINKS = 2  # a citizen may quote a page or two; more is what link spam looks like
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|cn|top|xyz|info|ru|cc|vip)\b", re.IGNORECASE)

HONEYPOT = "隐藏字段被填写（疑似自动程序）"
OVER_LIMIT = "同一地址提交过于频繁"
LINKS = "内容含有大量链接"
TOKEN = "表单令牌无效或已使用"


def reply_due_on(received_on: dt.date, term_working_days: int, calendar: WorkCalendar) -> dt.date:
    """The last day of the reply term: the TERM-th working day after the day of receipt."""
    return add_working_days(received_on, term_working_days, calendar)


def days_left(today: dt.date, due_on: dt.date, calendar: WorkCalendar) -> int:
    """Working days left up to and including DUE_ON; negative: working days overdue."""
    return working_days_left(today, due_on, calendar)


def link_count(text: str) -> int:
    return len(_LINK.findall(text or ""))


def hold_reasons(*, subject: str, body: str, honeypot: str, within_limit: bool) -> list[str]:
    """Why a submission is held back for review (empty: it goes straight to the queue)."""
    reasons = []
    if (honeypot or "").strip():
        reasons.append(HONEYPOT)
    if not within_limit:
        reasons.append(OVER_LIMIT)
    if link_count(subject) + link_count(body) > MAX_LINKS:
        reasons.append(LINKS)
    return reasons


# Personal data that must not reach the portal with a published question (the writer's own phone,
# e-mail or ID number typed into the text). Staff read and edit the result before it is published.
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str, names: tuple[str, ...] = ()) -> str:
    """TEXT with ID numbers, phone numbers, e-mail addresses and the given NAMES replaced by ＊."""
    text = _ID.sub("[身份证号已隐去]", text or "")
    text = _EMAIL.sub("[邮箱已隐去]", text)
    text = _MOBILE.sub("[电话已隐去]", text)
    text = _LANDLINE.sub("[电话已隐去]", text)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            text = text.replace(name, name[0] + "＊" * (len(name) - 1))
    return text
