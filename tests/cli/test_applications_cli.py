"""`gongkai applications list`, the import run as a script would run it, and the demo applications."""
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.identity import credit_code_problem, resident_id_problem
from gongkai.applications.models import Application, Document, Event
from gongkai.demo.loader import demo_load

from .conftest import run, write_csv

D = dt.date.fromisoformat
TODAY = D("2026-11-04")  # a Wednesday
KEYS = ["number", "received_on", "status", "outcome", "closed_on", "due", "extended_due", "days_left"]


def person(**overrides) -> dict:
    return dict(applicant_type="natural_person", applicant_name="张三", id_type="resident_id", id_number="11010519491231002X",
                phone="13812345678", email="zhangsan@example.com", subject="2025年度省科技计划项目立项清单", **overrides)


@pytest.fixture
def cases(org, clerk, supervisor, monkeypatch, csv_file):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    register = lambda day: services.application_register(org=org, by=clerk, data=person(), channel="letter",  # noqa: E731
                                                         received_on=D(day))
    overdue = register("2026-09-30")
    due_today = register("2026-10-08")
    extended = register("2026-10-08")
    services.extension_approve(app_id=extended.pk, by=supervisor, on=D("2026-10-20"), reason="需要协调多个处室")
    waiting = register("2026-10-28")
    services.correction_request(app_id=waiting.pk, by=clerk, on=D("2026-10-29"), what="请说明所需信息的年份")
    run("import", "applications", str(csv_file([
        ["编号", "收到日期", "申请方式", "申请人类型", "办理结果", "办结日期"],
        ["2026-H01", "2026-09-01", "email", "business", "disclosed", "2026-09-20"],
    ])), "--org", org.code)
    return overdue, due_today, extended, waiting


def test_it_lists_open_applications_with_due_dates_and_working_days_left(cases):
    overdue, due_today, extended, waiting = cases
    listed = run("applications", "list", "--org", "gzsti", "--open")
    assert list(listed) == ["applications"]
    assert all(list(row) == KEYS for row in listed["applications"])
    assert listed["applications"] == [
        # Received Wed 09-30; 2026 国庆 10-01..07 off, 10-10 (Sat) worked: 10-08=1, 10-09=2, 10-10=3,
        # 10-12..16=4..8, 10-19..23=9..13, 10-26..30=14..18, 11-02=19, 11-03=20 → due 11-03; 20 more:
        # 11-04..06=1..3, 11-09..13=4..8, 11-16..20=9..13, 11-23..27=14..18, 11-30=19, 12-01=20.
        # On 11-04 it is one working day overdue (11-04 itself).
        {"number": overdue.number, "received_on": "2026-09-30", "status": "registered", "outcome": None,
         "closed_on": None, "due": "2026-11-03", "extended_due": "2026-12-01", "days_left": -1},
        # Received 10-08: due 11-04 (tests/workdays), so nothing is left after today.
        {"number": due_today.number, "received_on": "2026-10-08", "status": "registered", "outcome": None,
         "closed_on": None, "due": "2026-11-04", "extended_due": "2026-12-02", "days_left": 0},
        # Extended: the due date in force is 12-02. From 11-04: 11-05..06=2, 11-09..13=7, 11-16..20=12,
        # 11-23..27=17, 11-30..12-02=20.
        {"number": extended.number, "received_on": "2026-10-08", "status": "registered", "outcome": None,
         "closed_on": None, "due": "2026-11-04", "extended_due": "2026-12-02", "days_left": 20},
        # Waiting for the correction (第三十条): the period has not started, no clock runs.
        {"number": waiting.number, "received_on": "2026-10-28", "status": "awaiting_correction", "outcome": None,
         "closed_on": None, "due": None, "extended_due": None, "days_left": None},
    ]


def test_without_open_it_lists_closed_cases_too_in_order_of_receipt(cases):
    listed = run("applications", "list", "--org", "gzsti")["applications"]
    assert [row["received_on"] for row in listed] == ["2026-09-01", "2026-09-30", "2026-10-08", "2026-10-08", "2026-10-28"]
    assert listed[0] == {"number": "2026-H01", "received_on": "2026-09-01", "status": "closed", "outcome": "disclosed",
                         "closed_on": "2026-09-20", "due": None, "extended_due": None, "days_left": None}


def test_an_unknown_org_is_refused(db, org):
    with pytest.raises(CommandError, match="机关 nowhere 不存在") as refused:
        run("applications", "list", "--org", "nowhere")
    assert refused.value.returncode == 2
    assert run("applications", "list", "--org", "gzsti", "--open") == {"applications": []}


# --- the installed script ---------------------------------------------------------------------------

GONGKAI = Path(sys.executable).parent / "gongkai"


def gongkai(data_dir, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GONGKAI_DATA_DIR"] = str(data_dir)
    return subprocess.run([str(GONGKAI), *args], env=env, capture_output=True, text=True, encoding="utf-8", timeout=180)


def applications_in(data_dir) -> int:
    with sqlite3.connect(data_dir / "gongkai.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM applications_application").fetchone()[0]


def test_the_script_imports_all_or_nothing_and_lists_what_it_imported(tmp_path):
    data_dir = tmp_path / "data"
    assert gongkai(data_dir, "migrate", "-v0").returncode == 0
    assert gongkai(data_dir, "org", "create", "gzsti", "贵州省科学技术厅").returncode == 0
    header = ["编号", "收到日期", "申请方式", "申请人类型", "办理结果", "办结日期"]
    bad = write_csv(tmp_path / "bad.csv", [
        header,
        ["2025-001", "2025-03-03", "信函", "自然人", "disclosed", "2025-03-20"],
        ["2025-002", "2025-03-04", "信函", "自然人", "granted", "2025-03-20"],
        ["2025-003", "2025-03-05", "信函", "自然人", "", "2025-03-01"],
    ], encoding="gb18030")
    done = gongkai(data_dir, "import", "applications", str(bad), "--org", "gzsti")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == "导入失败：2 行有误，未写入任何数据"
    assert lines[1].startswith("第3行：办理结果“granted”不是可用的代码")
    assert lines[2:] == ["第4行：填写了办结日期，但办理结果为空", "第4行：办结日期 2025-03-01 早于收到日期 2025-03-05"]
    assert applications_in(data_dir) == 0

    good = write_csv(tmp_path / "good.csv", [header, ["2025-001", "2025-03-03", "信函", "自然人", "disclosed", "2025-03-20"],
                                            ["2026-001", "2026-10-08", "网上", "商业企业", "", ""]])
    done = gongkai(data_dir, "import", "applications", str(good), "--org", "gzsti")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '{"created": 2, "updated": 0}'
    listed = json.loads(gongkai(data_dir, "applications", "list", "--org", "gzsti", "--open").stdout)
    assert [(a["number"], a["due"]) for a in listed["applications"]] == [("2026-001", "2026-11-04")]

    done = gongkai(data_dir, "report", "quarterly", "--org", "gzsti", "--year", "2025", "--quarter", "1", "--format", "xlsx")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""
    done = gongkai(data_dir, "report", "quarterly", "--org", "gzsti", "--year", "2025", "--quarter", "1")
    assert json.loads(done.stdout)["received"]["total"] == 1
    assert json.loads(gongkai(data_dir, "audit", "verify").stdout)["ok"] is True


# --- the demo agency's applications -----------------------------------------------------------------

def test_the_demo_loads_varied_applications_once_through_the_services(db):
    summary = demo_load()
    apps = Application.objects.filter(org__code="gzsti")
    counts = (apps.count(), Event.objects.count(), Document.objects.count())
    assert 35 <= summary["applications"] == counts[0] <= 45
    today = timezone.localdate()
    assert all(today - dt.timedelta(days=730) <= day <= today for day in apps.values_list("received_on", flat=True))
    assert set(apps.values_list("status", flat=True)) == set(Application.Status.values)
    assert set(apps.values_list("channel", flat=True)) == {"online", "letter", "email", "in_person", "fax"}
    assert set(apps.values_list("applicant_type", flat=True)) == {"natural_person", "business", "research", "social_welfare",
                                                                   "legal_services", "other_org"}
    assert len(set(apps.exclude(outcome="").values_list("outcome", flat=True))) >= 15
    for app in apps:
        if app.id_type == "resident_id":
            assert resident_id_problem(app.id_number) is None, app.id_number
        if app.credit_code:
            assert credit_code_problem(app.credit_code) is None, app.credit_code
    # Every reply approved by the 公开主管 has its letter, as DOCX and PDF, for the applicant.
    replied = apps.filter(events__kind="replied")
    assert replied.count() >= 20
    for app in replied:
        assert sorted(app.documents.filter(kind="letter", public=True).values_list("content_type", flat=True)) == [
            "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
        assert app.closed_on <= today and app.decisions.get(status="approved").approved_by.username == "zhuguan"
    listed = run("applications", "list", "--org", "gzsti", "--open")["applications"]
    left = [row["days_left"] for row in listed if row["days_left"] is not None]
    assert any(n < 0 for n in left) and any(0 <= n <= 5 for n in left)  # overdue and due within days
    assert apps.filter(status="registered", extended=True).exists()
    assert apps.filter(flag_possible_repeat__isnull=False).exists()

    assert demo_load()["applications"] == counts[0]
    assert (apps.count(), Event.objects.count(), Document.objects.count()) == counts
