"""The period of a consultation, worked out by hand from the rules (regulations.md, catalogue):
in general at least 30 days or a stated reason (《重大行政决策程序暂行条例》第十五条); 行政规范性文件 at
least 7 working days (国办发〔2018〕37号). Both ends of the period count (decision 0015). Working days
from the State Council's 2026 schedule: 中秋节 25 September (Fri) off, Sunday 20 September worked;
国庆节 1–7 October off, Saturday 10 October worked."""
import datetime as dt

import pytest

from gongkai.consultation.rules import period_days, period_problem, period_working_days, suggestion_result_due
from gongkai.workdays.calendar import WorkCalendar

D = dt.date
CAL = WorkCalendar()

# (opens, closes, normative, reason, allowed, why — counted by hand)
CASES = [
    # 行政规范性文件: working days, both ends included.
    (D(2026, 3, 2), D(2026, 3, 10), True, "", True, "2–6 Mar (5) + 9, 10 Mar (2) = 7 working days"),
    (D(2026, 3, 2), D(2026, 3, 9), True, "", False, "2–6 Mar (5) + 9 Mar = 6"),
    (D(2026, 3, 2), D(2026, 3, 9), True, "情况紧急", False, "6 working days: a reason does not lower the floor"),
    (D(2026, 9, 28), D(2026, 10, 9), True, "", False, "28–30 Sep (3) + 8, 9 Oct (2) = 5, though 12 calendar days"),
    (D(2026, 9, 28), D(2026, 10, 12), True, "", True, "28–30 Sep (3) + 8, 9, 10 (Sat, worked), 12 Oct = 7"),
    (D(2026, 9, 29), D(2026, 10, 12), True, "", False, "29, 30 Sep (2) + 8, 9, 10, 12 Oct (4) = 6"),
    (D(2026, 9, 19), D(2026, 9, 29), True, "", True, "20 (Sun, worked)–24 Sep (5) + 28, 29 Sep (2) = 7; 25 Sep off"),
    # Everything else: calendar days, both ends included.
    (D(2026, 3, 1), D(2026, 3, 30), False, "", True, "1–30 March = 30 days"),
    (D(2026, 3, 1), D(2026, 3, 29), False, "", False, "29 days and no reason"),
    (D(2026, 3, 1), D(2026, 3, 29), False, "因上级部署时限紧急，缩短征求意见期限", True, "29 days with a stated reason"),
    (D(2026, 3, 1), D(2026, 3, 29), False, "   ", False, "a blank reason is no reason"),
    (D(2026, 2, 1), D(2026, 3, 2), False, "", True, "1–28 Feb (28) + 1, 2 Mar = 30"),
    (D(2026, 2, 1), D(2026, 3, 1), False, "", False, "1–28 Feb (28) + 1 Mar = 29"),
    (D(2026, 9, 28), D(2026, 10, 12), False, "", False, "15 days: 7 working days would do for a normative document only"),
    (D(2026, 3, 10), D(2026, 3, 9), False, "紧急", False, "closes before it opens"),
    (D(2026, 3, 10), D(2026, 3, 9), True, "", False, "closes before it opens"),
]


@pytest.mark.parametrize("opens, closes, normative, reason, allowed, why", CASES)
def test_it_allows_a_period_only_as_the_rules_say(opens, closes, normative, reason, allowed, why):
    problem = period_problem(opens_on=opens, closes_on=closes, is_normative=normative, reason=reason, calendar=CAL)
    assert (problem is None) == allowed, f"{why}: {problem}"
    if problem:
        assert any(word in problem for word in ("工作日", "30日", "早于")), problem


def test_it_counts_both_ends_of_the_period():
    assert period_days(D(2026, 3, 1), D(2026, 3, 30)) == 30
    assert period_working_days(D(2026, 9, 28), D(2026, 10, 12), CAL) == 7


def test_it_names_the_rule_in_its_refusals():
    normative = period_problem(opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 9), is_normative=True, reason="", calendar=CAL)
    general = period_problem(opens_on=D(2026, 3, 1), closes_on=D(2026, 3, 29), is_normative=False, reason="", calendar=CAL)
    assert "国办发〔2018〕37号" in normative and "6个工作日" in normative
    assert "《重大行政决策程序暂行条例》第十五条" in general and "29日" in general and "理由" in general


# The result of a suggestion: published within 20 working days after the reply (the reply day not counted).
@pytest.mark.parametrize("replied, days, due, why", [
    (D(2026, 3, 2), 20, D(2026, 3, 30), "3–6 Mar (4) + 9–13, 16–20, 23–27 (15) + 30 Mar = 20"),
    (D(2026, 9, 21), 5, D(2026, 9, 29), "22, 23, 24 Sep (3); 25 off, weekend; 28, 29 Sep = 5"),
    (D(2026, 9, 30), 3, D(2026, 10, 10), "1–7 Oct off; 8, 9, 10 (Sat, worked) Oct = 3"),
])
def test_it_gives_the_last_day_to_publish_a_suggestions_result(replied, days, due, why):
    assert suggestion_result_due(replied, days, CAL) == due, why
