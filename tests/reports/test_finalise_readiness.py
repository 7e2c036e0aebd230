"""Finalising the annual report (条例第四十九条、第五十条; annual-report.md): refused before 1 January of
the next year, while a placeholder remains, while 一 or 五 says nothing, or while the table does not add
up; allowed but flagged after 31 January. Cases worked out by hand from the articles."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.errors import InvalidInput
from gongkai.reports import services
from gongkai.reports.readiness import finalise_blockers, is_blank, is_late, publication_deadline

from .helpers import READY, complete_and_finalise
from .test_annual_figures import app, three_years  # noqa: F401 - fixture


@pytest.mark.parametrize("text, blank", [
    ("", True), ("   \n ", True), ("（无）", True), ("无。", True), ("暂无", True), ("(无)", True), ("略", True),
    ("五、存在的主要问题及改进情况\n（无）", True),  # only its own heading
    ("公开渠道单一。", False), ("无法按时公开的情况较多。", False),
])
def test_it_knows_a_section_that_says_nothing(text, blank):
    assert is_blank(text, "五、存在的主要问题及改进情况") is blank


@pytest.mark.parametrize("year, published_on, late", [
    (2025, dt.date(2026, 1, 31), False),  # the last day of the term (第五十条)
    (2025, dt.date(2026, 2, 1), True),
    (2025, dt.date(2026, 1, 2), False),
    (2024, dt.date(2026, 1, 15), True),
])
def test_it_flags_a_report_published_after_31_january(year, published_on, late):
    assert publication_deadline(2025) == dt.date(2026, 1, 31)
    assert is_late(year, published_on) is late


def blockers(**over):
    args = {"year": 2025, "today": dt.date(2026, 1, 10), "prose": dict(READY), "consistency_problems": []} | over
    return finalise_blockers(**args)


@pytest.mark.parametrize("over, reason", [
    ({"today": dt.date(2025, 12, 31)}, "2025年度尚未结束"),
    ({"today": dt.date(2025, 6, 1)}, "2026年1月1日之后"),
    ({"prose": READY | {"problems": "改进情况：（请填写）"}}, "仍有待填写的内容：改进情况：（请填写）"),
    ({"prose": READY | {"overview": "总体情况。\n（五）监督保障\n待补充"}}, "“一、总体情况”中仍有待填写的内容"),
    ({"prose": READY | {"other_matters": "收取信息处理费××元。"}}, "“六、其他需要报告的事项”中仍有待填写的内容"),
    ({"prose": READY | {"problems": "（无）"}}, "“五、存在的主要问题及改进情况”尚未填写"),
    ({"prose": READY | {"problems": ""}}, "“五、存在的主要问题及改进情况”尚未填写"),
    ({"prose": READY | {"overview": " 无。 "}}, "“一、总体情况”尚未填写"),
    ({"consistency_problems": ["“总计”列：…"]}, "数据勾稽关系不符"),
    ({"version": 2}, "更正版本须写明更正原因"),
])
def test_each_reason_refuses_on_its_own(over, reason):
    found = blockers(**over)
    assert len(found) == 1 and reason in found[0]


def test_a_complete_report_after_the_year_has_no_blocker_and_an_empty_section_six_is_allowed():
    assert blockers() == [] and blockers(today=dt.date(2026, 3, 1)) == []  # late is not a blocker


@pytest.fixture
def at(monkeypatch):
    """Sets the clock: timezone.now() (and so localdate) returns noon Beijing time on DAY."""
    def set_day(day: dt.date):
        moment = dt.datetime(day.year, day.month, day.day, 4, tzinfo=dt.timezone.utc)
        monkeypatch.setattr(timezone, "now", lambda: moment)
    return set_day


def test_the_service_refuses_this_years_report_before_the_year_is_over(org, supervisor):
    report = services.report_prepare(org=org, year=2026, by=supervisor)  # drafting early is fine
    with pytest.raises(InvalidInput, match="2026年度尚未结束"):
        complete_and_finalise(report, supervisor)
    report.refresh_from_db()
    assert report.status == "draft"


def test_the_service_refuses_the_untouched_draft_for_its_placeholder(org, supervisor, three_years):
    report = services.report_prepare(org=org, year=2025, by=supervisor)
    assert "（请填写" in report.problems
    with pytest.raises(InvalidInput, match="仍有待填写的内容"):
        services.report_finalise(report_id=report.pk, by=supervisor)


def test_the_service_refuses_an_empty_section_five_and_one(org, supervisor, three_years):
    report = services.report_prepare(org=org, year=2025, by=supervisor)
    with pytest.raises(InvalidInput, match="“五、存在的主要问题及改进情况”尚未填写"):
        complete_and_finalise(report, supervisor, problems="（无）")
    with pytest.raises(InvalidInput, match="“一、总体情况”尚未填写"):
        complete_and_finalise(report, supervisor, overview="")


def test_the_service_refuses_a_table_that_does_not_add_up(org, supervisor, three_years):
    app(org, "BAD", "business", "2025-05-01", "2024-12-01", "disclosed")  # closed before it was received
    with pytest.raises(InvalidInput, match="数据勾稽关系不符"):
        complete_and_finalise(services.report_prepare(org=org, year=2025, by=supervisor), supervisor)


def test_in_january_it_is_on_time_and_in_february_flagged_late(org, supervisor, three_years, at):
    from gongkai.audit.models import AuditEntry

    at(dt.date(2026, 1, 20))
    on_time = complete_and_finalise(services.report_prepare(org=org, year=2025, by=supervisor), supervisor)
    at(dt.date(2026, 2, 3))
    late = complete_and_finalise(services.report_prepare(org=org, year=2024, by=supervisor), supervisor)
    assert (on_time.is_late, late.is_late) == (False, True)
    assert late.finalised_by == supervisor and on_time.published_on == dt.date(2026, 1, 20)
    flags = dict(AuditEntry.objects.filter(action="report.finalised").values_list("object_id", "data__late"))
    assert flags == {str(on_time.pk): False, str(late.pk): True}
