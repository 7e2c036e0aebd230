"""The quarterly figures of applications (selectors.quarterly_figures) and `gongkai report quarterly`:
counted from a hand-worked set of cases around the quarter boundaries (31 March / 1 April, 31
December / 1 January), and the same figures in JSON, HTML, DOCX and XLSX."""
import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as Docx
from openpyxl import load_workbook

from gongkai.applications import services
from gongkai.applications.importing import applications_import
from gongkai.applications.outcomes import Outcome
from gongkai.applications.reports import quarterly_rows
from gongkai.applications.selectors import quarterly_figures

from .conftest import person

D = dt.date.fromisoformat
TYPES = ("natural_person", "business", "research", "social_welfare", "legal_services", "other_org")

# number, received, applicant type, outcome, closed
HISTORY = [
    ("A", "2025-12-29", "natural_person", "disclosed", "2026-01-15"),  # received in Q4, closed in Q1
    ("B", "2026-01-05", "business", "partially_disclosed", "2026-01-30"),
    ("D", "2026-04-01", "natural_person", "", ""),  # first day of Q2, still open
    ("E", "2026-03-02", "legal_services", "withheld_third_party", "2026-03-31"),  # closed on the last day of Q1
    ("F", "2026-02-10", "natural_person", "other_no_correction", "2026-03-20"),
    ("G", "2026-02-11", "natural_person", "", ""),  # received in Q1, still open
    ("H", "2025-10-10", "other_org", "not_processed_duplicate", "2025-12-31"),  # all in Q4
    ("I", "2026-01-20", "social_welfare", "disclosed", "2026-02-05"),
]


def _import(tmp_path, org_code: str, rows) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["number", "received_on", "channel", "applicant_type", "outcome", "closed_on"])
    writer.writerows([(n, received, "letter", kind, outcome, closed) for n, received, kind, outcome, closed in rows])
    path = tmp_path / f"{org_code}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    applications_import(path=path, org_code=org_code)


@pytest.fixture
def cases(org, other_org, clerk, supervisor, tmp_path):
    _import(tmp_path, org.code, HISTORY)
    # C: a case handled in Gongkai — received 31 March (research institute), replied 1 April.
    c = services.application_register(org=org, by=clerk, channel="letter", received_on=D("2026-03-31"), data=person(
        applicant_type="research", applicant_name="某研究院", credit_code="1252000042980153X1", contact_name="孙研究员"))
    decision = services.decision_draft(app_id=c.pk, by=clerk, outcome="unavailable_not_held", reply_text="经检索，本机关不掌握该信息。")
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=D("2026-04-01"))
    # Another agency's case in the same quarter never counts here.
    _import(tmp_path, other_org.code, [("X", "2026-01-10", "business", "disclosed", "2026-02-01")])
    return org


def expected(year, quarter, start, end, received: dict, closed: dict, open_at_end: int) -> dict:
    return {
        "org": "gzsti", "year": year, "quarter": quarter, "from": start, "to": end,
        "received": {"total": sum(received.values()), **{t: received.get(t, 0) for t in TYPES}},
        "closed": {"total": sum(closed.values()), **{o: closed.get(o, 0) for o in Outcome.values}},
        "open_at_end": open_at_end,
    }


Q1_2026 = expected(
    2026, 1, "2026-01-01", "2026-03-31",
    # received 1 Jan–31 Mar: B (business), C (research, 31 Mar), E (legal services), F and G (persons),
    # I (social welfare) = 6; not A (29 Dec) nor D (1 Apr).
    {"natural_person": 2, "business": 1, "research": 1, "social_welfare": 1, "legal_services": 1},
    # closed 1 Jan–31 Mar: A (received in Q4), B, E (31 Mar), F, I = 5; not C (1 Apr).
    {"disclosed": 2, "partially_disclosed": 1, "withheld_third_party": 1, "other_no_correction": 1},
    # received by 31 Mar and not closed by then: C (closed 1 Apr) and G (open) = 2.
    2,
)
Q4_2025 = expected(
    2025, 4, "2025-10-01", "2025-12-31",
    {"natural_person": 1, "other_org": 1},  # H (10 Oct) and A (29 Dec)
    {"not_processed_duplicate": 1},  # H, closed on 31 Dec
    1,  # A, carried into 2026
)
Q2_2026 = expected(
    2026, 2, "2026-04-01", "2026-06-30",
    {"natural_person": 1},  # D (1 Apr)
    {"unavailable_not_held": 1},  # C, replied 1 Apr
    2,  # D and G, both still open
)


@pytest.mark.parametrize("year, quarter, figures", [(2026, 1, Q1_2026), (2025, 4, Q4_2025), (2026, 2, Q2_2026)])
def test_it_counts_received_closed_and_open_cases_by_quarter(cases, year, quarter, figures):
    assert quarterly_figures(cases, year, quarter) == figures


def report(*args) -> str:
    out = io.StringIO()
    call_command("report", "quarterly", "--org", "gzsti", *args, stdout=out)
    return out.getvalue()


def test_the_report_command_prints_the_figures_as_json(cases):
    assert json.loads(report("--year", "2026", "--quarter", "1")) == Q1_2026
    assert json.loads(report("--year", "2025", "--quarter", "4", "--format", "json")) == Q4_2025


def test_the_docx_and_xlsx_reports_hold_the_same_figures_as_the_json(cases, tmp_path):
    figures = json.loads(report("--year", "2026", "--quarter", "1"))
    rows = quarterly_rows(figures)
    docx_path, xlsx_path = tmp_path / "q1.docx", tmp_path / "q1.xlsx"
    assert report("--year", "2026", "--quarter", "1", "--format", "docx", "-o", str(docx_path)) == ""
    report("--year", "2026", "--quarter", "1", "--format", "xlsx", "-o", str(xlsx_path))

    document = Docx(str(docx_path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "贵州省科学技术厅2026年第1季度政府信息公开申请办理情况" in text and "2026年1月1日至2026年3月31日" in text
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert table[0] == ["类别", "项目", "数量"]
    assert table[1:] == [[r.section, r.label, str(r.value)] for r in rows]
    by_label = {(section, label): int(value) for section, label, value in table[1:]}
    assert by_label[("收到申请", "合计")] == 6 and by_label[("收到申请", "其中：自然人")] == 2
    assert by_label[("办结申请", "（一）予以公开")] == 2 and by_label[("季度末尚未办结", "申请件数")] == 2

    sheet = load_workbook(xlsx_path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2] == ("类别", "项目", "数量", "代码")
    for section, label, value, key in values[3:]:
        node = figures
        for part in key.split("."):
            node = node[part]
        assert value == node, key
    assert len(values[3:]) == 1 + len(TYPES) + 1 + len(Outcome.values) + 1


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.captions, self.row_headers, self.cells, self._into = [], [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "th" and ("scope", "row") in attrs:
            self._into = self.row_headers
        elif tag == "td":
            self._into = self.cells
        elif tag == "caption":
            self._into = self.captions

    def handle_data(self, data):
        if self._into is not None and data.strip():
            self._into.append(data.strip())
            self._into = None


def test_the_html_report_is_a_standalone_accessible_page(cases):
    html = report("--year", "2026", "--quarter", "1", "--format", "html")
    assert html.startswith("<!doctype html>") and '<html lang="zh-CN">' in html
    assert '<th scope="col">项目</th>' in html
    cells = _Cells()
    cells.feed(html)
    assert cells.captions == ["收到申请", "办结申请", "季度末尚未办结"]
    rows = quarterly_rows(Q1_2026)
    assert cells.row_headers == [r.label for r in rows] and cells.cells == [str(r.value) for r in rows]


@pytest.mark.parametrize("args, message", [
    (["--year", "2026", "--quarter", "5"], "季度“5”无效"),
    (["--year", "2026", "--quarter", "0"], "季度“0”无效"),
    (["--year", "1999", "--quarter", "1"], "年份“1999”无效"),
    (["--year", "20x6", "--quarter", "1"], "年份“20x6”无效"),
    (["--year", "2026", "--quarter", "1", "--format", "docx"], "请用 -o PATH"),
    (["--year", "2026", "--quarter", "1", "--format", "pdf"], "无效的取值 'pdf'"),
])
def test_bad_arguments_exit_2_with_a_clear_reason(org, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        report(*args)
    assert refused.value.returncode == 2


def test_a_quarter_not_yet_begun_or_an_unknown_org_is_refused(org, monkeypatch):
    from django.utils import timezone
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D("2026-05-20"))
    with pytest.raises(CommandError, match="2026年第3季度尚未开始"):
        report("--year", "2026", "--quarter", "3")
    assert json.loads(report("--year", "2026", "--quarter", "2"))["to"] == "2026-06-30"  # under way: figures so far
    out = io.StringIO()
    with pytest.raises(CommandError, match="机关 nowhere 不存在"):
        call_command("report", "quarterly", "--org", "nowhere", "--year", "2026", "--quarter", "1", stdout=out)
