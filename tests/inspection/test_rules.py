"""The self-inspection rules of regulations.md ("Self-inspection rules"), each on both sides of its
threshold, from dates counted by hand. Working days use the State Council's 2026 schedule: 春节
2月15日（周日）至23日放假，2月14日（周六）、2月28日（周六）上班."""
import datetime as dt

import pytest

from gongkai.inspection import rules
from gongkai.workdays.calendar import WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def workdays():
    return rules.Workdays(WorkCalendar({}), D(2025, 1, 1), D(2026, 12, 31))


def ids(finding):
    return [r.id for r in finding.records] if finding else []


# home_stale: "published on D−13 … D". D = 2026-03-20, so D−13 = 2026-03-07.
@pytest.mark.parametrize("last, fails, since", [
    (D(2026, 3, 20), False, None),
    (D(2026, 3, 7), False, None),          # D−13: still inside the 14 days
    (D(2026, 3, 6), True, D(2026, 3, 20)),  # D−14: the 14 days ending on D hold nothing; failing from 3-06 + 14
    (None, True, D(2026, 1, 1)),            # never published: open since the day given for "never"
])
def test_it_vetoes_a_home_page_with_nothing_published_for_14_days(last, fails, since):
    finding = rules.home_stale(D(2026, 3, 20), last, since_if_never=D(2026, 1, 1))
    assert bool(finding) is fails
    if fails:
        assert (finding.severity, finding.since) == ("veto", since)


# column_stale: news 14 days; notice & co. 183 days. D = 2026-03-20: D−182 = 2025-09-19
# (11 days left of September + 31 + 30 + 31 + 31 + 28 + 20 = 182).
@pytest.mark.parametrize("last_news, last_notice, stale", [
    (D(2026, 3, 7), D(2025, 9, 19), []),
    (D(2026, 3, 6), D(2025, 9, 19), ["news"]),
    (D(2026, 3, 7), D(2025, 9, 18), ["notice"]),
    (D(2026, 3, 6), D(2025, 9, 18), ["news", "notice"]),
])
def test_it_finds_columns_stale_past_their_window(last_news, last_notice, stale):
    last = {"news": last_news, "notice": last_notice, "normative_document": D(2026, 3, 1), "project_notice": D(2026, 3, 1)}
    finding = rules.column_stale(D(2026, 3, 20), last, {})
    assert sorted(ids(finding)) == stale
    if stale:
        assert finding.severity == "deduct"


def test_it_counts_a_notice_column_stale_from_the_day_its_window_ran_out():
    last = {"notice": D(2025, 9, 18)}
    finding = rules.column_stale(D(2026, 3, 20), last, {}, {"notice": 183})
    assert finding.since == D(2026, 3, 20)  # 2025-09-18 + 183 days


def test_it_vetoes_five_stale_columns_and_leaves_empty_ones_to_column_empty():
    windows = {k: 14 for k in ("a", "b", "c", "d", "e", "f")}
    last = {"a": D(2026, 1, 1), "b": D(2026, 1, 1), "c": D(2026, 1, 1), "d": D(2026, 1, 1), "e": D(2026, 3, 15), "f": None}
    four = rules.column_stale(D(2026, 3, 20), last, {}, windows)
    assert (four.count, four.severity) == (4, "deduct")  # e is fresh, f empty (not stale)
    last["e"] = D(2026, 1, 1)
    assert rules.column_stale(D(2026, 3, 20), last, {}, windows).severity == "veto"


@pytest.mark.parametrize("empty, severity", [(0, None), (1, "deduct"), (4, "deduct"), (5, "veto")])
def test_it_finds_empty_columns_and_vetoes_five(empty, severity):
    columns = [f"k{i}" for i in range(6)]
    last = {c: (None if i < empty else D(2026, 3, 1)) for i, c in enumerate(columns)}
    finding = rules.column_empty(D(2026, 3, 20), last, columns, {}, since=D(2026, 3, 20))
    assert (finding.severity if finding else None) == severity
    assert (finding.count if finding else 0) == empty


# message_unanswered: received in the 365 days ending on D (D−364 … D), unanswered, received_on + 3 months < D.
# D = 2026-06-15: D−364 = 2025-06-16.
@pytest.mark.parametrize("received, replied, fails", [
    (D(2026, 3, 14), None, True),              # 3-14 + 3 months = 6-14 < 6-15
    (D(2026, 3, 15), None, False),             # 6-15 is not before D
    (D(2026, 3, 14), D(2026, 6, 10), False),   # answered before D
    (D(2026, 3, 14), D(2026, 6, 20), True),    # answered only after D: unanswered on D
    (D(2025, 6, 16), None, True),              # first day of the window
    (D(2025, 6, 15), None, False),             # before the window: the past year only
])
def test_it_vetoes_a_message_unanswered_for_three_months(received, replied, fails):
    msg = rules.Message(1, "留言", received, replied)
    finding = rules.message_unanswered(D(2026, 6, 15), [msg])
    assert bool(finding) is fails
    if fails:
        assert finding.severity == "veto"


def test_it_counts_three_months_to_the_end_of_a_shorter_month():
    msg = rules.Message(1, "留言", D(2025, 11, 30), None)  # + 3 months = 2026-02-28
    assert rules.message_unanswered(D(2026, 2, 28), [msg]) is None
    assert rules.message_unanswered(D(2026, 3, 1), [msg]).since == D(2026, 3, 1)


# message_late, term 5 working days. Received Thu 2026-02-12: Fri 13 (1), Sat 14 调休上班 (2),
# 15–23 春节, Tue 24 (3), Wed 25 (4), Thu 26 (5) → due 2026-02-26.
@pytest.mark.parametrize("replied, on, late", [
    (D(2026, 2, 26), D(2026, 3, 20), False),
    (D(2026, 2, 27), D(2026, 3, 20), True),
    (None, D(2026, 2, 26), False),  # unanswered, the term not yet run out
    (None, D(2026, 2, 27), True),
])
def test_it_finds_replies_past_the_agency_term(workdays, replied, on, late):
    msg = rules.Message(7, "留言", D(2026, 2, 12), replied)
    finding = rules.message_late(on, [msg], term_days=5, workdays=workdays)
    assert bool(finding) is late
    if late:
        assert (finding.severity, finding.since) == ("deduct", D(2026, 2, 27))


@pytest.mark.parametrize("last_post, fails, since", [
    (D(2026, 3, 7), False, None), (D(2026, 3, 6), True, D(2026, 3, 20)), (None, True, D(2025, 5, 1)),
])
def test_it_vetoes_a_silent_new_media_channel(last_post, fails, since):
    finding = rules.new_media_silent(D(2026, 3, 20), [rules.Channel(3, "官方微博", last_post, D(2025, 5, 1))])
    assert bool(finding) is fails
    if fails:
        assert (finding.severity, finding.since) == ("veto", since)


def test_it_finds_policy_documents_published_without_interpretation():
    docs = [rules.PolicyDocument(1, "办法", D(2026, 3, 1), interpreted=False),
            rules.PolicyDocument(2, "规定", D(2026, 3, 1), interpreted=True),
            rules.PolicyDocument(3, "旧办法", D(2025, 3, 20), interpreted=False)]  # D−365: outside
    finding = rules.interpretation_missing(D(2026, 3, 20), docs)
    assert ids(finding) == [1] and finding.severity == "deduct"


# 第二十六条: 20 working days from created_on 2026-02-12: 13, 14 (Sat, 调休), 24, 25, 26, 27, 28 (Sat, 调休),
# Mar 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18 → the 20th is 2026-03-18.
@pytest.mark.parametrize("published, late", [(D(2026, 3, 18), False), (D(2026, 3, 19), True)])
def test_it_finds_items_published_after_20_working_days(workdays, published, late):
    item = rules.Publication(5, "通知", D(2026, 2, 12), published)
    assert bool(rules.publication_late(D(2026, 3, 20), [item], workdays=workdays)) is late


@pytest.mark.parametrize("on, fails", [(D(2026, 3, 19), False), (D(2026, 3, 20), True)])
def test_it_vetoes_an_open_application_past_its_due_date(on, fails):
    finding = rules.application_overdue(on, [rules.OpenApplication(9, "申请", D(2026, 3, 19))])
    assert bool(finding) is fails
    if fails:
        assert (finding.severity, finding.since) == ("veto", D(2026, 3, 20))


@pytest.mark.parametrize("published, on, fails", [
    (None, D(2026, 3, 31), False),            # due today: not yet missing
    (None, D(2026, 4, 1), True),
    (D(2026, 3, 31), D(2026, 4, 10), False),  # published on its due date
    (D(2026, 4, 2), D(2026, 4, 10), True),    # published late
])
def test_it_finds_mandatory_disclosures_not_published_by_their_due_date(published, on, fails):
    entry = rules.Mandatory(4, "2026年部门预算", D(2026, 3, 31), published)
    assert bool(rules.mandatory_missing(on, [entry])) is fails


# Results due 20 working days after the reply of 2026-02-12 → 2026-03-18 (counted above).
@pytest.mark.parametrize("published, on, late", [
    (D(2026, 3, 18), D(2026, 4, 1), False), (D(2026, 3, 19), D(2026, 4, 1), True),
    (None, D(2026, 3, 18), False), (None, D(2026, 3, 19), True),
])
def test_it_finds_suggestion_results_published_late(workdays, published, on, late):
    s = rules.Suggestion(8, "第12号建议", D(2026, 2, 12), published)
    assert bool(rules.suggestion_result_late(on, [s], term_days=20, workdays=workdays)) is late


def test_it_scores_from_100_by_each_deduction_and_fails_on_any_veto():
    deduct = rules.Finding("column_stale", "deduct", D(2026, 1, 1), [rules.Record("column", "news", "", D(2026, 1, 1))])
    other = rules.Finding("publication_late", "deduct", D(2026, 1, 1), [rules.Record("item", 1, "", D(2026, 1, 1))])
    veto = rules.Finding("home_stale", "veto", D(2026, 1, 1), [rules.Record("column", "home", "", D(2026, 1, 1))])
    assert rules.score([deduct, other], {"column_stale": 3}) == (92, True)
    assert rules.score([deduct, veto], {}) == (95, False)
    assert rules.score([], {}) == (100, True)
