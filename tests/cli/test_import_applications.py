"""`gongkai import applications FILE --org CODE` (import-format.md): history from spreadsheets, every
row or none, every bad row named with its line; open cases get their legal clock at once."""
import datetime as dt

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from gongkai.applications import services
from gongkai.applications.models import Application, Event
from gongkai.audit.models import AuditEntry

from .conftest import run

D = dt.date.fromisoformat
HEADER = ["number", "received_on", "channel", "applicant_type", "applicant_name", "subject", "outcome", "closed_on",
          "extended", "fee_yuan"]


def import_applications(path, org="gzsti"):
    return run("import", "applications", str(path), "--org", org)


def refused(path) -> list[str]:
    """The error lines of a refused import (exit status 2)."""
    with pytest.raises(CommandError) as error:
        import_applications(path)
    assert error.value.returncode == 2
    return str(error.value).splitlines()


def test_it_imports_closed_history_and_starts_the_clock_of_open_cases(org, csv_file):
    path = csv_file([
        HEADER,
        ["2025-00017", "2025-03-28", "letter", "natural_person", "张三", "2024年度科技项目立项清单", "disclosed", "2025-04-10", "0", ""],
        ["2025-00018", "2025-04-02", "email", "legal_services", "某律师事务所", "某项目验收材料", "withheld_third_party",
         "2025-05-20", "1", "100"],
        # Open; 2026 国庆 10-01..07 off, 10-10 (Sat) worked. From 10-08: 10-09=1, 10-10=2, 10-12..16=3..7,
        # 10-19..23=8..12, 10-26..30=13..17, 11-02..04=18..20 → due 11-04; 20 more → extended 12-02.
        ["2026-00101", "2026-10-08", "in_person", "research", "某研究所", "经费管理办法", "", "", "", ""],
        # Received before 2019-05-15: the 2007 regulation, 15 + 15 working days. 2018 国庆 10-01..07 off,
        # 09-29 (Sat) and 09-30 (Sun) worked: 09-29=1, 09-30=2, 10-08..12=3..7, 10-15..19=8..12,
        # 10-22..24=13..15 → due 10-24; extended (是否延期 1): 15 more → 11-14.
        ["2018-00009", "2018-09-28", "fax", "other_org", "某协会", "协会年检结果", "", "", "1", ""],
    ])
    assert import_applications(path) == {"created": 4, "updated": 0}

    closed = Application.objects.get(number="2025-00017")
    assert (closed.status, closed.outcome, closed.closed_on) == ("closed", "disclosed", D("2025-04-10"))
    assert (closed.channel, closed.applicant_type, closed.applicant_name) == ("letter", "natural_person", "张三")
    assert closed.id_number == "" and closed.phone == ""  # history: no identity data needed
    lawyer = Application.objects.get(number="2025-00018")
    assert lawyer.extended is True and lawyer.fee_yuan == 100

    open_case = Application.objects.get(number="2026-00101")
    assert (open_case.status, open_case.outcome, open_case.closed_on) == ("registered", "", None)
    assert (open_case.regime, open_case.due_on, open_case.extended_due_on, open_case.effective_due_on) == (
        "2019", D("2026-11-04"), D("2026-12-02"), D("2026-11-04"))
    old = Application.objects.get(number="2018-00009")
    assert (old.regime, old.due_on, old.extended_due_on, old.effective_due_on) == (
        "2007", D("2018-10-24"), D("2018-11-14"), D("2018-11-14"))

    codes = list(Application.objects.values_list("query_code_hash", flat=True))  # random codes, kept as hashes
    assert len(set(codes)) == 4 and all(len(c) == 64 for c in codes)
    entry = AuditEntry.objects.get(action="application.imported")
    assert entry.data["created"] == 4 and entry.data["open"] == 2 and entry.data["file"] == path.name


def test_it_lists_every_bad_row_with_its_line_number_and_writes_nothing(org, csv_file):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    audit_before = AuditEntry.objects.count()
    path = csv_file([
        HEADER,
        ["A-1", "2025-03-03", "letter", "natural_person", "好的一行", "", "disclosed", "2025-03-20", "", ""],
        ["A-2", "2025-03-03", "letter", "natural_person", "", "", "maybe_disclosed", "2025-03-20", "", ""],
        ["A-3", "2025-03-03", "letter", "natural_person", "", "", "disclosed", "", "", ""],
        ["A-4", "2025-03-03", "letter", "natural_person", "", "", "", "2025-03-20", "", ""],
        ["A-5", "2025-03-20", "letter", "natural_person", "", "", "disclosed", "2025-03-03", "", ""],
        ["A-6", tomorrow, "letter", "natural_person", "", "", "", "", "", ""],
        ["A-7", "2025-03-03", "pigeon", "alien", "", "", "", "", "", ""],
        ["A-8", "2025/03/03", "letter", "natural_person", "", "", "", "2025-02-30", "", ""],
        ["A-1", "2025-03-04", "email", "business", "", "", "", "", "", ""],
        ["A-10", "2025-03-03", "letter", "natural_person", "", "", "", "", "是的", "12.5"],
        ["", "", "", "", "", "", "", "", "", ""],  # a blank line: skipped, not an error
        ["", "2025-03-03", "letter", "natural_person", "", "", "", "", "", ""],
    ])
    lines = refused(path)
    assert lines[0] == "导入失败：10 行有误，未写入任何数据"
    expected = [
        (3, "办理结果“maybe_disclosed”不是可用的代码"),
        (4, "填写了办理结果，但办结日期为空"),
        (5, "填写了办结日期，但办理结果为空"),
        (6, "办结日期 2025-03-03 早于收到日期 2025-03-20"),
        (7, f"收到日期 {tomorrow} 晚于今天"),
        (8, "申请方式“pigeon”不是可用的值"), (8, "申请人类型“alien”不是可用的值"),
        (9, "收到日期“2025/03/03”不是有效日期"), (9, "办结日期“2025-02-30”不是有效日期"),
        (10, "编号 A-1 与第2行重复"),
        (11, "是否延期“是的”应填 0 或 1"), (11, "收费金额“12.5”应为不小于0的整数"),
        (13, "编号不能为空"),
    ]
    for line, reason in expected:
        assert any(text.startswith(f"第{line}行：") and reason in text for text in lines), (line, reason, lines)
    assert not any(text.startswith(("第2行", "第12行")) for text in lines)
    assert not Application.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_it_accepts_gb18030_csv_with_chinese_headers_and_values(org, csv_file):
    path = csv_file([
        ["编号", "收到日期", "申请方式", "申请人类型", "申请人", "申请内容", "办理结果", "办结日期", "是否延期", "收费金额"],
        ["黔科依申2024-3", "2024-06-03", "信函", "社会公益组织", "某基金会", "科普经费使用情况", "（四）1. 本机关不掌握相关政府信息",
         "2024-06-20", "否", "0"],
        ["黔科依申2024-4", "2024-06-04", "当面", "商业企业", "某公司", "高新技术企业认定名单", "partially_disclosed", "2024-06-28",
         "是", ""],
    ], encoding="gb18030")
    assert import_applications(path) == {"created": 2, "updated": 0}
    first, second = Application.objects.order_by("number")
    assert (first.channel, first.applicant_type, first.outcome, first.extended) == (
        "letter", "social_welfare", "unavailable_not_held", False)
    assert (second.channel, second.applicant_type, second.outcome, second.extended) == (
        "in_person", "business", "partially_disclosed", True)


def test_it_reads_an_xlsx_file_with_real_date_and_number_cells(org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["收到日期", "编号", "申请方式", "申请人类型", "办理结果", "办结日期", "收费金额"])
    sheet.append([dt.datetime(2024, 9, 2), 20240015, "email", "natural_person", "disclosed", dt.datetime(2024, 9, 20), 100])
    sheet.append([None] * 7)
    sheet.append(["2024-10-08", "2024-0016", "电子邮件", "自然人", None, None, None])
    path = tmp_path / "applications.xlsx"
    book.save(path)
    assert import_applications(path) == {"created": 2, "updated": 0}
    assert list(Application.objects.order_by("received_on").values_list("number", "received_on", "status", "fee_yuan")) == [
        ("20240015", D("2024-09-02"), "closed", 100), ("2024-0016", D("2024-10-08"), "registered", 0)]


def test_re_importing_a_number_updates_that_application(org, csv_file):
    first = csv_file([HEADER, ["2026-00050", "2026-10-08", "letter", "business", "某公司", "初稿内容", "", "", "", ""]])
    assert import_applications(first) == {"created": 1, "updated": 0}
    app = Application.objects.get()
    code = app.query_code_hash
    assert app.due_on == D("2026-11-04")  # worked out in the first test

    # Now closed, with a corrected receipt date; the columns a file lacks keep their values.
    second = csv_file([["编号", "收到日期", "申请方式", "申请人类型", "办理结果", "办结日期"],
                       ["2026-00050", "2026-10-09", "email", "business", "disclosed", "2026-10-30"]], name="again.csv")
    assert import_applications(second) == {"created": 0, "updated": 1}
    app.refresh_from_db()
    assert (app.status, app.outcome, app.closed_on, app.received_on, app.channel) == (
        "closed", "disclosed", D("2026-10-30"), D("2026-10-09"), "email")
    assert (app.applicant_name, app.subject, app.query_code_hash) == ("某公司", "初稿内容", code)
    assert Application.objects.count() == 1

    # Reopened (the closing was entered by mistake): open again, and its clock runs from 10-09:
    # 10-10 (Sat, worked)=1, 10-12..16=2..6, 10-19..23=7..11, 10-26..30=12..16, 11-02..05=17..20.
    third = csv_file([["编号", "收到日期", "申请方式", "申请人类型", "办理结果", "办结日期"],
                      ["2026-00050", "2026-10-09", "email", "business", "", ""]], name="third.csv")
    assert import_applications(third) == {"created": 0, "updated": 1}
    app.refresh_from_db()
    assert (app.status, app.outcome, app.closed_on, app.due_on) == ("registered", "", None, D("2026-11-05"))


def test_it_refuses_to_overwrite_a_case_handled_in_gongkai(org, clerk, csv_file):
    live = services.application_register(org=org, by=clerk, channel="letter", received_on=D("2026-10-08"), data=dict(
        applicant_type="natural_person", applicant_name="张三", id_type="resident_id", id_number="11010519491231002X",
        phone="13812345678", email="zhangsan@example.com", subject="2025年度省科技计划项目立项清单"))
    path = csv_file([HEADER, [live.number, "2026-10-08", "letter", "natural_person", "张三", "", "disclosed", "2026-10-20", "", ""]])
    assert f"第2行：编号 {live.number} 的申请是在本系统中登记办理的，不能用导入覆盖" in refused(path)
    live.refresh_from_db()
    assert live.status == "registered" and live.outcome == ""


@pytest.mark.parametrize("header, message", [
    (["number", "received_on", "channel", "applicant_type", "处室"], "表头第5列“处室”不是可识别的列名"),
    (["number", "received_on", "channel"], "缺少必填列：applicant_type（申请人类型）"),
])
def test_it_refuses_unknown_or_missing_columns(org, csv_file, header, message):
    path = csv_file([header, ["X-1", "2025-01-02", "letter", "natural_person", "办公室"][:len(header)]])
    with pytest.raises(CommandError, match=message):
        import_applications(path)
    assert not Application.objects.exists()


def test_it_refuses_an_unknown_org(db, csv_file):
    with pytest.raises(CommandError, match="机关 nowhere 不存在"):
        import_applications(csv_file([HEADER[:4], ["X-1", "2025-01-02", "letter", "natural_person"]]), org="nowhere")


def test_it_imports_thousands_of_rows_in_a_bounded_number_of_queries(org, csv_file):
    rows = [HEADER]
    for n in range(3000):
        received = dt.date(2023, 1, 2) + dt.timedelta(days=n % 600)
        closed = n % 10 != 0  # one in ten still open
        rows.append([f"H{n:05d}", received.isoformat(), "letter", "natural_person", "", "",
                     "disclosed" if closed else "", (received + dt.timedelta(days=12)).isoformat() if closed else "", "", ""])
    path = csv_file(rows)
    with CaptureQueriesContext(connection) as queries:
        assert import_applications(path) == {"created": 3000, "updated": 0}
    assert len(queries) < 40, len(queries)
    open_cases = Application.objects.filter(status="registered")
    assert open_cases.count() == 300 and not open_cases.filter(due_on__isnull=True).exists()
    assert Event.objects.filter(kind="recomputed").count() == 300  # the clock's own record of the start
    assert import_applications(path) == {"created": 0, "updated": 3000}
    assert Application.objects.count() == 3000
