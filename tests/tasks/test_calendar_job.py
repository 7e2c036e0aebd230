"""A holiday entered in admin: the page answers at once and links to the job; the job (inline mode on
the embedded database: run in-process after the commit) recomputes the open cases' due dates, and the
progress page shows it to the person who started it — not to another agency's staff.
Dates worked out in tests/applications/test_clock_bulk.py (2026 schedule, 10-09 made a holiday)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.test import TestCase

from gongkai.applications.models import Application, Event
from gongkai.tasks import jobs
from gongkai.tasks.models import Job
from gongkai.workdays.models import CalendarOverride
from gongkai.workdays.services import calendar_override_set
from tests.accounts.conftest import make_admin, verified

D = dt.date.fromisoformat


@pytest.fixture
def admin_client(client, db):
    return verified(client, make_admin("sysadmin", "system"))


def test_the_admin_page_answers_with_a_link_and_the_job_recomputes(admin_client, register, settings):
    cases = [register("2026-10-08"), register("2026-10-08", subject="另一项信息"), register("2026-11-20")]
    with TestCase.captureOnCommitCallbacks() as sent:
        response = admin_client.post("/admin/workdays/calendaroverride/add/", {"day": "2026-10-09", "name": "临时调整"},
                                     follow=True)
    assert response.status_code == 200
    job = Job.objects.get()
    assert (job.kind, job.state, job.params) == ("calendar.recompute", "queued", {"day": "2026-10-09"})
    assert f'href="/workbench/tasks/{job.pk}/"' in response.content.decode()
    # Nothing recomputed inside the request: only queued, to be sent on commit.
    assert [a.effective_due_on for a in Application.objects.order_by("pk")][:2] == [D("2026-11-04")] * 2
    assert sent  # the job's sending among them, with the audit log's checkpoints

    page = admin_client.get(f"/workbench/tasks/{job.pk}/").content.decode()
    assert "排队等待" in page and '<meta http-equiv="refresh" content="2">' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # strict CSP: no inline script

    for callback in sent:  # the commit: inline mode runs the job here; a worker would run it elsewhere
        callback()
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result) == ("done", 2, 2, {"recomputed": 2})
    assert [a.effective_due_on for a in Application.objects.order_by("pk")] == [
        D("2026-11-05"), D("2026-11-05"), cases[2].effective_due_on]
    page = admin_client.get(f"/workbench/tasks/{job.pk}/").content.decode()
    assert "已完成" in page and "答复期限有变化的在办事项：2 件" in page and "http-equiv" not in page


def test_another_agencys_staff_cannot_see_the_job(admin_client, outsider):
    from django.test import Client

    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post("/admin/workdays/calendaroverride/add/", {"day": "2026-10-09"})
    job = Job.objects.get()
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/workbench/tasks/{job.pk}/").status_code == 404
    assert client.get(f"/workbench/tasks/{job.pk + 1000}/").status_code == 404
    assert f"/workbench/tasks/{job.pk}/" not in client.get("/workbench/tasks/").content.decode()


def test_a_change_that_rolls_back_starts_nothing(register):
    register("2026-10-08")
    with TestCase.captureOnCommitCallbacks() as sent:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                calendar_override_set(day=D("2026-10-09"), is_workday=False)
                raise RuntimeError("a later step of the same request fails")
    assert sent == [] and not Job.objects.exists() and not CalendarOverride.objects.exists()


def test_a_job_delivered_twice_runs_once_and_a_rerun_moves_nothing_twice(register, django_capture_on_commit_callbacks):
    register("2026-10-08")
    register("2026-10-08", subject="另一项信息")
    with django_capture_on_commit_callbacks(execute=True):
        _, job = calendar_override_set(day=D("2026-10-09"), is_workday=False)
    assert jobs.job_run.apply(args=[job.pk]).get() == "skipped"  # the broker delivered it again: done already
    # A retry after a worker died mid-run: the job runs from the start, and finds nothing left to move.
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    assert jobs.job_run.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert job.result == {"recomputed": 0} and job.attempts == 2
    assert Event.objects.filter(kind=Event.Kind.RECOMPUTED).count() == 2  # one per case, not two
    assert set(Application.objects.values_list("effective_due_on", flat=True)) == {D("2026-11-05")}


def test_a_job_that_keeps_failing_says_so_in_chinese(register, monkeypatch, django_capture_on_commit_callbacks):
    from gongkai.workdays import services

    def broken(day, *, progress):
        raise OSError("disk full")
    monkeypatch.setattr(services, "AFTER_CHANGE", [broken])
    with django_capture_on_commit_callbacks(execute=True):
        _, job = calendar_override_set(day=D("2026-10-09"), is_workday=False)
    job.refresh_from_db()
    assert job.state == "failed" and job.attempts == 3
    assert job.error == "后台任务执行失败（OSError），已重试 3 次；请联系系统管理员查看日志"


def test_the_command_still_prints_the_count(register):
    import io
    import json

    from django.core.management import call_command

    register("2026-10-08")
    out = io.StringIO()
    call_command("calendar", "add-holiday", "2026-10-09", stdout=out)
    assert json.loads(out.getvalue())["recomputed"] == 1
    assert Job.objects.get().state == "done"
