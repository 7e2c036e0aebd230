"""Recomputing many open applications at once after a calendar change (clock.applications_recompute):
cases with the same inputs share one computation, yet each gets its own dates and its own record.
Due dates worked out by hand from the 2026 schedule (国庆 10-01..07, 10-10 Sat worked), 第三十三条."""
import datetime as dt

from gongkai.applications import selectors, services
from gongkai.applications.models import Application, Event

D = dt.date.fromisoformat


def test_a_holiday_moves_every_case_it_touches_each_with_its_own_record(register, clerk, supervisor, calendar_change):
    # Received 10-08, no pause: 10-09=1, 10-10(Sat, worked)=2, 10-12..16=3..7, 10-19..23=8..12,
    # 10-26..30=13..17, 11-02..04=18..20 → 11-04. Two such cases: the same computation serves both.
    plain = [register("2026-10-08"), register("2026-10-08", subject="另一项信息")]
    # Consulted 10-19..10-23 (both ends not counted): 10-09..16 = 1..7, 10-26..30 = 8..12,
    # 11-02..06 = 13..17, 11-09..11 = 18..20 → 11-11.
    consulted = register("2026-10-08", subject="涉及第三方的信息")
    services.consultation_start(app_id=consulted.pk, by=clerk, on=D("2026-10-19"), party="某公司")
    services.consultation_end(app_id=consulted.pk, by=clerk, on=D("2026-10-23"))
    # Extended on 10-20: 20 more after 11-04: 11-05,06 = 1,2, 11-09..13 = 3..7, 11-16..20 = 8..12,
    # 11-23..27 = 13..17, 11-30, 12-01, 12-02 = 18..20 → 12-02.
    extended = register("2026-10-08", subject="需要延期的信息")
    services.extension_approve(app_id=extended.pk, by=supervisor, on=D("2026-10-20"), reason="需要检索大量档案")
    waiting = register("2026-10-08", subject="内容不明确")  # waiting for a correction: no period runs
    services.correction_request(app_id=waiting.pk, by=clerk, on=D("2026-10-09"), what="请说明具体文件名称")
    before = {a.pk: a.effective_due_on for a in Application.objects.all()}
    assert [before[a.pk] for a in (*plain, consulted, extended, waiting)] == [
        D("2026-11-04"), D("2026-11-04"), D("2026-11-11"), D("2026-12-02"), None]

    # 10-09 made a holiday: every count above starts one working day later (10-10 becomes day 1).
    moved = calendar_change(day=D("2026-10-09"), is_workday=False, name="测试")

    after = {a.pk: (a.due_on, a.effective_due_on) for a in Application.objects.all()}
    assert moved == 4
    assert after[plain[0].pk] == after[plain[1].pk] == (D("2026-11-05"), D("2026-11-05"))
    assert after[consulted.pk] == (D("2026-11-12"), D("2026-11-12"))
    assert after[extended.pk] == (D("2026-11-05"), D("2026-12-03"))
    assert after[waiting.pk] == (None, None)
    records = {e.application_id: e.data for e in Event.objects.filter(kind=Event.Kind.RECOMPUTED)}
    assert records == {
        plain[0].pk: {"old_due": "2026-11-04", "new_due": "2026-11-05"},
        plain[1].pk: {"old_due": "2026-11-04", "new_due": "2026-11-05"},
        consulted.pk: {"old_due": "2026-11-11", "new_due": "2026-11-12"},
        extended.pk: {"old_due": "2026-12-02", "new_due": "2026-12-03"},
    }
    assert {e.note for e in Event.objects.filter(kind=Event.Kind.RECOMPUTED)} == {"2026-10-09 的工作日安排调整"}

    # Made a working day again: back to the first dates, and nothing further moves a second time.
    assert calendar_change(day=D("2026-10-09"), is_workday=True, name="测试") == 4
    assert {a.pk: a.effective_due_on for a in Application.objects.all()} == before
    assert calendar_change(day=D("2026-10-09"), is_workday=True, name="测试") == 0


def test_the_queue_names_each_case_handler(register, clerk, supervisor, org):
    mine = register("2026-10-08")
    services.application_assign(app_id=mine.pk, by=supervisor, handler=clerk)
    nobody = register("2026-10-12", subject="未分配")
    rows = {r.app.pk: r.app for r in selectors.queue(supervisor, today=D("2026-10-23"))}
    assert (rows[mine.pk].handler_id, rows[mine.pk].handler_name) == (clerk.pk, clerk.first_name)
    assert (rows[nobody.pk].handler_id, rows[nobody.pk].handler_name) == (None, "")
