"""The reply term and the hold-back rules, from cases worked out by hand.

Reply term (regulations.md, self-inspection `message_late`): the agency's term in working days
(default 5), counted from the day after receipt, working days only, with the State Council's 2026
schedule: 劳动节 5月1日—5日放假、5月9日（周六）上班; 国庆 10月1日—7日放假、10月10日（周六）上班.
"""
import datetime as dt

import pytest

from gongkai.interaction import rules
from gongkai.workdays.calendar import WorkCalendar

D = dt.date
CASES = [
    # received, term, due — and the count, day by day
    (D(2026, 3, 2), 5, D(2026, 3, 9)),    # Mon: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9
    (D(2026, 3, 7), 5, D(2026, 3, 13)),   # Sat: Mon 9, Tue 10, Wed 11, Thu 12, Fri 13
    (D(2026, 3, 6), 3, D(2026, 3, 11)),   # Fri, a term of 3: Mon 9, Tue 10, Wed 11
    (D(2026, 4, 30), 5, D(2026, 5, 11)),  # Thu: 1–5 May off; Wed 6, Thu 7, Fri 8, Sat 9 (调休上班), Mon 11
    (D(2026, 9, 29), 5, D(2026, 10, 12)),  # Tue: Wed 30; 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休上班), Mon 12
]


@pytest.mark.parametrize("received, term, due", CASES)
def test_it_counts_the_reply_term_in_working_days_from_the_day_after_receipt(received, term, due):
    assert rules.reply_due_on(received, term, WorkCalendar({})) == due


def test_it_follows_an_administrator_s_override_of_the_calendar():
    # 2026-03-04 (Wed) declared a holiday: Tue 3, Thu 5, Fri 6, Mon 9, Tue 10.
    assert rules.reply_due_on(D(2026, 3, 2), 5, WorkCalendar({D(2026, 3, 4): False})) == D(2026, 3, 10)


@pytest.mark.parametrize("subject, body, honeypot, within, expected", [
    ("咨询", "请问申报时间", "", True, []),
    ("咨询", "请问申报时间", "http://spam", True, [rules.HONEYPOT]),
    ("咨询", "请问申报时间", "", False, [rules.OVER_LIMIT]),
    ("咨询", "见 http://a.cn/1 和 www.b.com", "", True, []),  # two links: a citizen quoting pages
    ("咨询", "http://a.cn/1 http://b.cn/2 cheap.top", "", True, [rules.LINKS]),
])
def test_it_holds_back_what_looks_like_spam(subject, body, honeypot, within, expected):
    assert rules.hold_reasons(subject=subject, body=body, honeypot=honeypot, within_limit=within) == expected


def test_it_removes_personal_data_from_the_published_question():
    text = "我是王小明，身份证520102199001011234，电话138 0013 8000，座机0851-86812345，邮箱 wang@example.com。"
    assert rules.redact(text, ("王小明",)) == (
        "我是王＊＊，身份证[身份证号已隐去]，电话[电话已隐去]，座机[电话已隐去]，邮箱 [邮箱已隐去]。")
