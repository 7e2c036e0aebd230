"""The department assessment: the scoring rules from hand-worked tables, the scoreboard counted from
the registers and the catalogue, the rules and work plan through their services, and the 通报 DOCX
read back."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document

from gongkai.catalog.models import Item
from gongkai.core.errors import FieldErrors, NotAllowed
from gongkai.oversight import services
from gongkai.oversight.assessment import (Rule, department_score, period_span, published_on_time, rule_points,
                                          scoreboard, year_end_points)
from gongkai.oversight.notice import notice_rows, notice_title, render_notice
from gongkai.orgs.models import Department, Organisation
from gongkai.publicity.models import Submission
from gongkai.workdays.rules import WorkdayIndex
from gongkai.workdays.calendar import WorkCalendar

D = dt.date.fromisoformat
P = Decimal


@pytest.mark.parametrize("rule, figure, expected", [
    # 30 points at 12 pieces: 6 pieces is half, 12 or more is all of it, none is nothing.
    (Rule("submissions_sent", P(30), 12), 6, P("15.00")),
    (Rule("submissions_sent", P(30), 12), 12, P("30.00")),
    (Rule("submissions_sent", P(30), 12), 40, P("30.00")),
    (Rule("submissions_sent", P(30), 12), 0, P("0.00")),
    # 30 points at 4 adopted: 1 of 4 is 7.50; 1 of 3 rounds half up (10.00 × … = 6.67 at 20/3).
    (Rule("submissions_adopted", P(30), 4), 1, P("7.50")),
    (Rule("submissions_adopted", P(20), 3), 1, P("6.67")),
    # Share metrics: 9 of 10 on time of 20 points is 18; nothing due is nothing late.
    (Rule("publication_timely", P(20)), (9, 10), P("18.00")),
    (Rule("plan_tasks_done", P(20)), (0, 0), P("20.00")),
    (Rule("plan_tasks_done", P(20)), (1, 3), P("6.67")),
    # A register that is not installed is not scored.
    (Rule("replies_timely", P(20)), None, None),
])
def test_it_gives_each_rule_its_points(rule, figure, expected):
    assert rule_points(rule, figure) == expected


def test_it_scales_the_scored_rules_to_100_and_weighs_them_in_the_year_end_score():
    # 15 + 7.5 + 18 + 20 = 60.5 of 100; at 5 % that is 3.03 (3.025 rounded half up).
    earned = [(P("15"), P(30)), (P("7.5"), P(30)), (P("18"), P(20)), (P("20"), P(20))]
    assert department_score(earned) == P("60.50")
    assert year_end_points(P("60.50"), P(5)) == P("3.03")
    # Without the replies rule (20 points, not installed), 64 of the other 80 is 80 of 100.
    assert department_score([(P(24), P(30)), (P(30), P(30)), (P(10), P(20)), (None, P(20))]) == P("80.00")
    assert department_score([(None, P(100))]) is None


def test_it_counts_publication_within_20_working_days_of_creation():
    index = WorkdayIndex(WorkCalendar(), D("2025-01-01"), D("2025-12-31"))
    # Created Tue 2025-09-02: Sep 3–5 (3), 8–12 (8), 15–19 (13), 22–26 (18), Sun 28 worked for 国庆 (19),
    # Mon 29 (20): due 2025-09-29.
    assert published_on_time(D("2025-09-02"), D("2025-09-29"), index)
    assert not published_on_time(D("2025-09-02"), D("2025-09-30"), index)
    # Created Fri 2025-09-26: Sep 28, 29, 30 (3); 1–8 October off; Oct 9, 10 (5), Sat 11 worked (6),
    # 13–17 (11), 20–24 (16), 27–30 (20): due 2025-10-30.
    assert published_on_time(D("2025-09-26"), D("2025-10-30"), index)
    assert not published_on_time(D("2025-09-26"), D("2025-10-31"), index)
    # More than 60 days is late without counting.
    assert not published_on_time(D("2025-01-02"), D("2025-04-01"), index)
    assert published_on_time(D("2025-05-05"), D("2025-05-01"), index)  # published before it was formed: not late


def test_it_spans_the_periods():
    assert period_span(2025, "year") == (D("2025-01-01"), D("2025-12-31"))
    assert period_span(2025, "q1") == (D("2025-01-01"), D("2025-03-31"))
    assert period_span(2024, "h1") == (D("2024-01-01"), D("2024-06-30"))
    assert period_span(2025, "q4") == (D("2025-10-01"), D("2025-12-31"))


@pytest.fixture
def most(db):
    return Organisation.objects.create(code="MOST", name="科学技术部")


def _scored_records(org, dept, other_dept, most, supervisor):
    for n, day in enumerate(["2025-03-01", "2025-04-01", "2025-05-01", "2024-12-31"]):
        Submission.objects.create(org=org, body=most, department=dept, title=f"信息{n}", submitted_on=D(day),
                                  status="adopted" if n == 0 else "submitted",
                                  adopted_on=D("2025-03-10") if n == 0 else None)
    Item.objects.create(org=org, department=dept, title="及时", created_on=D("2025-09-02"), published_on=D("2025-09-29"),
                        status="published", kind="notice")
    Item.objects.create(org=org, department=dept, title="迟了", created_on=D("2025-09-02"), published_on=D("2025-10-09"),
                        status="published", kind="notice")
    on_time = services.plan_task_create(org=org, by=supervisor, year=2025, title="更新公开指南", department_id=dept.pk,
                                        due_on=D("2025-06-30"))
    services.plan_task_complete(task_id=on_time.pk, by=supervisor, completed_on=D("2025-06-20"))
    services.plan_task_create(org=org, by=supervisor, year=2025, title="规范性文件清理", department_id=other_dept.pk,
                              due_on=D("2025-09-30"))
    services.assessment_rules_set(org=org, year=2025, by=supervisor, weight_percent=5, rules=[
        ("submissions_sent", 30, 6), ("submissions_adopted", 30, 2), ("publication_timely", 20, 0),
        ("plan_tasks_done", 20, 0)])


def test_it_scores_each_department_of_a_year(org, dept, other_dept, most, supervisor):
    _scored_records(org, dept, other_dept, most, supervisor)
    board = scoreboard(org, 2025)
    first, second = board["rows"]
    assert first["department"] == dept and second["department"] == other_dept
    # dept: 3 sent in 2025 of 6 → 15; 1 adopted of 2 → 15; 1 of 2 items on time → 10; 1 of 1 task → 20: 60.
    assert [c["figure"] for c in first["cells"]] == [3, 1, (1, 2), (1, 1)]
    assert [c["points"] for c in first["cells"]] == [P("15.00"), P("15.00"), P("10.00"), P("20.00")]
    assert (first["score"], first["year_end"], first["rank"]) == (P("60.00"), P("3.00"), 1)
    # other_dept: nothing sent, nothing published (full 20), its one task not done: 20 of 100.
    assert second["score"] == P("20.00")


def test_it_writes_the_notice_as_a_docx_that_reads_back(org, dept, other_dept, most, supervisor):
    _scored_records(org, dept, other_dept, most, supervisor)
    board = scoreboard(org, 2025)
    doc = Document(io.BytesIO(render_notice(board, issued_on=D("2026-01-15"))))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == notice_title(board) == "贵州省科学技术厅关于2025年全年各处室政务公开工作情况的通报"
    assert any("占各处室年终考核的5%" in t for t in texts) and "2026年1月15日" in texts
    table = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert table == [[str(v) for v in row] for row in notice_rows(board)]
    assert table[1][:2] == ["1", dept.name] and table[1][-2:] == ["60.00", "3.00"]
    assert table[1][2] == "3件／15.00"


def test_it_lets_only_the_supervisor_set_rules_and_plan_tasks(org, dept, clerk, supervisor, outsider):
    for who in (clerk, outsider):
        with pytest.raises(NotAllowed):
            services.assessment_rules_set(org=org, year=2025, by=who, weight_percent=5, rules=[("plan_tasks_done", 100, 0)])
        with pytest.raises(NotAllowed):
            services.plan_task_create(org=org, by=who, year=2025, title="任务", department_id=dept.pk, due_on=D("2025-05-01"))
    with pytest.raises(FieldErrors) as refused:
        services.assessment_rules_set(org=org, year=2025, by=supervisor, weight_percent=5,
                                      rules=[("submissions_sent", 50, 0), ("plan_tasks_done", 40, 0)])
    assert set(refused.value.errors) == {"target_submissions_sent"}
    with pytest.raises(FieldErrors) as refused:
        services.assessment_rules_set(org=org, year=2025, by=supervisor, weight_percent=5,
                                      rules=[("submissions_sent", 50, 3), ("plan_tasks_done", 40, 0)])
    assert "之和应为 100" in refused.value.errors["rules"]
    with pytest.raises(FieldErrors):
        services.plan_task_create(org=org, by=supervisor, year=2025, title="任务", department_id=dept.pk,
                                  due_on=D("2026-01-01"))


def test_it_lets_the_responsible_department_complete_its_task_and_no_other(org, dept, other_dept, clerk, supervisor,
                                                                           outsider):
    from ..conftest import _user
    from gongkai.orgs.models import Role

    elsewhere = _user("office", (org, other_dept, Role.CLERK))
    task = services.plan_task_create(org=org, by=supervisor, year=2025, title="任务", department_id=dept.pk,
                                     due_on=D("2025-05-01"))
    for who in (elsewhere, outsider):
        with pytest.raises(NotAllowed):
            services.plan_task_complete(task_id=task.pk, by=who, completed_on=D("2025-05-02"))
    done = services.plan_task_complete(task_id=task.pk, by=clerk, completed_on=D("2025-05-02"))
    assert done.completed_on == D("2025-05-02") and not done.is_on_time
