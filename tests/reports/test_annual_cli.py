"""`gongkai report annual --org CODE --year Y [--format json|html|docx|xlsx] [-o PATH]` (spec/cli.md):
JSON with every row and column key, the newest final snapshot once the report is finalised, the DOCX
and XLSX read back and compared with the JSON, bad input exits 2, a table that does not add up is
still printed but with a warning on standard error."""
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from gongkai.reports import services
from gongkai.reports.annual import COLUMNS, REVIEW_RESULTS, ROWS
from gongkai.reports.layout import report_grids

from .helpers import complete_and_finalise
from .test_annual_figures import app, three_years  # noqa: F401 - fixture


def annual(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "annual", "--org", "gzsti", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_json_has_every_row_and_column_key_zeros_included(org):
    out, err = annual("--year", "2025")
    figures = json.loads(out)
    assert (figures["org"], figures["year"], err) == ("gzsti", 2025, "")
    assert list(figures["applications"]["rows"]) == ROWS
    assert all(cols == dict.fromkeys(COLUMNS, 0) for cols in figures["applications"]["rows"].values())
    assert set(figures["proactive"]) >= {"regulation", "normative_document", "licensing", "penalty", "enforcement", "fees_10k_yuan"}
    assert all(r == dict.fromkeys(REVIEW_RESULTS, 0) for r in figures["reviews"].values())


def test_it_prints_the_live_figures_then_the_final_snapshot(org, supervisor, three_years):
    assert json.loads(annual("--year", "2025")[0])["applications"]["rows"]["new"]["total"] == 5
    report = services.report_prepare(org=org, year=2025, by=supervisor)
    complete_and_finalise(report, supervisor)
    app(org, "LATE", "business", "2025-08-01")  # after finalising: the published report does not move
    assert json.loads(annual("--year", "2025")[0])["applications"]["rows"]["new"]["total"] == 5


def test_docx_and_xlsx_are_written_with_o_and_hold_the_json(org, supervisor, three_years, tmp_path):
    figures = json.loads(annual("--year", "2025")[0])
    grids = report_grids(figures)
    annual("--year", "2025", "--format", "docx", "-o", str(tmp_path / "report.docx"))
    doc = Document(str(tmp_path / "report.docx"))
    for table, key in zip(doc.tables, ("proactive", "applications", "reviews")):
        assert [[c.text for c in row.cells] for row in table.rows] == grids[key].matrix()
    annual("--year", "2025", "--format", "xlsx", "-o", str(tmp_path / "report.xlsx"))
    book = load_workbook(str(tmp_path / "report.xlsx"))
    sheet = book["三、收到和处理政府信息公开申请情况"]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "四、结转下年度继续办理" and last[-1] == figures["applications"]["rows"]["carried_out"]["total"] == 2
    out, _ = annual("--year", "2025", "--format", "html")
    assert out.count("<table>") == 3 and "<!doctype html>" in out


@pytest.mark.parametrize("args, message", [
    (("--org", "nowhere", "--year", "2025"), "机关 nowhere 不存在"),
    (("--org", "gzsti", "--year", "1999"), "年份“1999”无效"),
    (("--org", "gzsti", "--year", "2999"), "年份“2999”无效"),
    (("--org", "gzsti", "--year", "twenty"), "年份“twenty”无效"),
    (("--org", "gzsti", "--year", "2025", "--format", "docx"), "请用 -o PATH"),
])
def test_bad_input_exits_with_status_2(org, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("report", "annual", *args, stdout=io.StringIO())
    assert caught.value.returncode == 2 and message in str(caught.value)


def test_a_table_that_does_not_add_up_is_printed_with_a_warning(org, three_years):
    app(org, "BAD", "business", "2025-05-01", "2024-12-01", "disclosed")  # closed before it was received
    out, err = annual("--year", "2025")
    assert json.loads(out)["applications"]["rows"]["new"]["business"] == 1
    assert err.startswith("警告：2025年度申请情况表的勾稽关系不符") and "“商业企业”列" in err and err.count("\n") <= 1
