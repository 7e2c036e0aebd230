"""The reply period, worked out by hand from 条例第三十三条/第三十条/第三十二条 and the State Council's
published holiday schedules (国办发明电〔2023〕7号 for 2024, 〔2024〕12号 for 2025, the 2026 notice, and
the 2018 schedule for the 2007 regime). Each row's comment shows the counting.
No database: the rules are pure functions."""
import datetime as dt

import pytest

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.rules import (
    Pause, answer_deadline, consultation_last_day, correction_notice_last_day, regime_for, working_days_left,
)

D = dt.date.fromisoformat
CAL = WorkCalendar()


@pytest.mark.parametrize(
    "received, regime, due, extended_due",
    [
        # 2024 国庆: 10-01..07 off, 09-29 (Sun) and 10-12 (Sat) worked. From 09-28: 09-29=1, 09-30=2,
        # 10-08..11=3..6, 10-12=7, 10-14..18=8..12, 10-21..25=13..17, 10-28..30=18..20.
        ("2024-09-27", "2019", "2024-10-30", "2024-11-27"),
        # received on a holiday (2024-10-03): 10-08..11=1..4, 10-12 (Sat, worked)=5, … 11-01=20.
        ("2024-10-03", "2019", "2024-11-01", "2024-11-29"),
        # 2025 春节: 01-28..02-04 off, 02-08 (Sat) worked. Received 01-30 (holiday): 02-05..07=1..3,
        # 02-08=4, 02-10..14=5..9, 02-17..21=10..14, 02-24..28=15..19, 03-03=20.
        ("2025-01-30", "2019", "2025-03-03", "2025-03-31"),
        # 2025 国庆+中秋: 10-01..08 off, 09-28 (Sun) and 10-11 (Sat) worked. From 09-27: 09-28=1,
        # 09-29=2, 09-30=3, 10-09=4, 10-10=5, 10-11=6, 10-13..17=7..11, 10-20..24=12..16, 10-27..30=17..20.
        ("2025-09-26", "2019", "2025-10-30", "2025-11-27"),
        # 2026 春节: received on the 调休 Saturday 02-14; 02-15..23 off; 02-24..27=1..4, 02-28 (Sat,
        # worked)=5, 03-02..06=6..10, 03-09..13=11..15, 03-16..20=16..20.
        ("2026-02-14", "2019", "2026-03-20", "2026-04-20"),
        # after 2026 国庆 (10-01..07 off, 10-10 Sat worked): 10-09=1, 10-10=2, 10-12..16=3..7,
        # 10-19..23=8..12, 10-26..30=13..17, 11-02..04=18..20.
        ("2026-10-08", "2019", "2026-11-04", "2026-12-02"),
        # 2007 regime, 15 + 15 days; 2018 国庆: 10-01..07 off, 09-29 (Sat) and 09-30 (Sun) worked:
        # 09-29=1, 09-30=2, 10-08..12=3..7, 10-15..19=8..12, 10-22..24=13..15; then 10-25 … 11-14.
        ("2018-09-28", "2007", "2018-10-24", "2018-11-14"),
    ],
)
def test_it_counts_working_days_around_holidays_and_adjusted_workdays(received, regime, due, extended_due):
    deadline = answer_deadline(received_on=D(received), regime=regime, calendar=CAL)
    assert (deadline.due, deadline.extended_due) == (D(due), D(extended_due))
    assert deadline.working_days == (20 if regime == "2019" else 15)


def test_a_correction_restarts_the_period_from_the_day_the_corrected_application_arrives():
    # 第三十条. Corrected 2024-03-11: 03-12..15=1..4, 03-18..22=5..9, 03-25..29=10..14, 04-01..03=15..17,
    # 清明 04-04..06 off, 04-07 (Sun, worked)=18, 04-08=19, 04-09=20.
    deadline = answer_deadline(received_on=D("2024-03-01"), corrected_on=D("2024-03-11"), calendar=CAL)
    assert deadline.start == D("2024-03-11") and deadline.due == D("2024-04-09")


def test_consultation_days_are_not_counted_both_ends_included():
    # 第三十三条第二款. Received Mon 2024-05-06; third party consulted 05-08..05-20 (05-11 Sat worked,
    # inside the pause). 05-07=1, 05-21..24=2..5, 05-27..31=6..10, 06-03..07=11..15, 端午 06-10 off,
    # 06-11..14=16..19, 06-17=20.
    deadline = answer_deadline(received_on=D("2024-05-06"), calendar=CAL, pauses=(Pause(D("2024-05-08"), D("2024-05-20")),))
    assert deadline.due == D("2024-06-17")


def test_a_running_pause_leaves_the_due_date_open_until_it_ends():
    deadline = answer_deadline(received_on=D("2024-05-06"), calendar=CAL, pauses=(Pause(D("2024-05-08"), None),))
    assert deadline.due is None and deadline.extended_due is None
    # A pause that starts after the period is used up does not move it: 05-07..10=1..4, 05-11 (Sat,
    # worked)=5, 05-13..17=6..10, 05-20..24=11..15, 05-27..31=16..20. The extension is still paused.
    late = answer_deadline(received_on=D("2024-05-06"), calendar=CAL, pauses=(Pause(D("2024-07-01"), None),))
    assert late.due == D("2024-05-31") and late.extended_due is None


def test_the_correction_notice_window_is_seven_working_days():
    # 第三十条. Received 2025-04-30; 劳动节 05-01..05 off: 05-06..09=1..4, 05-12..14=5..7.
    assert correction_notice_last_day(D("2025-04-30"), CAL) == D("2025-05-14")


def test_a_third_party_answers_within_fifteen_working_days():
    # 第三十二条. Sent 2026-09-24; 中秋 09-25..27 off, 国庆 10-01..07 off, 10-10 (Sat) worked:
    # 09-28..30=1..3, 10-08=4, 10-09=5, 10-10=6, 10-12..16=7..11, 10-19..22=12..15.
    assert consultation_last_day(D("2026-09-24"), CAL) == D("2026-10-22")


def test_an_unknown_year_falls_back_to_weekends_and_says_so():
    # chinese-calendar does not know 2027: weekends only, 2027-01-01 (Fri) counts as a working day.
    # 12-16..18=1..3, 12-21..25=4..8, 12-28..31=9..12, 01-01=13, 01-04..08=14..18, 01-11=19, 01-12=20.
    deadline = answer_deadline(received_on=D("2026-12-15"), calendar=CAL)
    assert deadline.due == D("2027-01-12")
    assert CAL.missing_years(D("2026-12-15"), deadline.extended_due) == [2027]
    # An administrator enters 元旦 2027: the override wins and the year is no longer "missing".
    with_override = WorkCalendar({D("2027-01-01"): False})
    assert answer_deadline(received_on=D("2026-12-15"), calendar=with_override).due == D("2027-01-13")
    assert with_override.missing_years(D("2026-12-15"), D("2027-02-01")) == []


def test_an_override_beats_the_package():
    # An administrator corrects 2026-10-09 (Fri) to a holiday: the period after 10-08 moves one day.
    cal = WorkCalendar({D("2026-10-09"): False})
    assert answer_deadline(received_on=D("2026-10-08"), calendar=cal).due == D("2026-11-05")


@pytest.mark.parametrize("received, regime", [("2019-05-14", "2007"), ("2019-05-15", "2019"), ("2008-05-01", "2007")])
def test_the_regime_follows_the_date_of_receipt(received, regime):
    assert regime_for(D(received)) == regime


@pytest.mark.parametrize("today, due, left", [
    ("2026-10-08", "2026-10-12", 3),  # 10-09 (Fri), 10-10 (Sat, worked), 10-12 (Mon): the due day counts
    ("2026-10-12", "2026-10-12", 0),  # due today: nothing left after today
    ("2026-09-30", "2026-10-08", 1),  # across 国庆: only 10-08 itself
])
def test_days_left_counts_working_days_up_to_the_due_date(today, due, left):
    assert working_days_left(D(today), D(due), CAL) == left


def test_days_left_is_negative_when_overdue():
    # due Fri 2026-11-20; on Tue 11-24 it is two working days overdue (11-23, 11-24).
    assert working_days_left(D("2026-11-24"), D("2026-11-20"), CAL) == -2
