"""Preparing, finalising and correcting a report; its DOCX and XLSX read back and compared with the JSON."""
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.reports import services
from gongkai.reports.annual import annual_figures
from gongkai.reports.annual import COLUMNS
from gongkai.reports.exports import render_docx, render_html, render_xlsx
from gongkai.reports.layout import report_grids

from .helpers import complete_and_finalise
from .test_annual_figures import app, three_years  # noqa: F401 - fixture


def test_only_the_supervisor_prepares_the_report(org, clerk):
    with pytest.raises(NotAllowed):
        services.report_prepare(org=org, year=2025, by=clerk)


def test_the_draft_names_the_years_figures(org, supervisor, three_years):
    report = services.report_prepare(org=org, year=2025, by=supervisor)
    assert "新收政府信息公开申请5件" in report.overview and "结转下年度继续办理2件" in report.overview


def test_a_finalised_report_is_a_snapshot_and_a_correction_is_a_new_version(org, supervisor, three_years):
    report = complete_and_finalise(services.report_prepare(org=org, year=2025, by=supervisor), supervisor)
    assert report.figures["applications"]["rows"]["new"]["total"] == 5
    app(org, "LATE", "business", "2025-08-01")  # a record entered after finalising
    report.refresh_from_db()
    assert report.figures["applications"]["rows"]["new"]["total"] == 5  # the snapshot does not move
    with pytest.raises(InvalidInput, match="不能修改"):
        services.report_update(report_id=report.pk, by=supervisor, overview="改", problems="", other_matters="")
    with pytest.raises(InvalidInput, match="更正原因"):
        services.report_correct(org=org, year=2025, by=supervisor, reason=" ")
    correction = services.report_correct(org=org, year=2025, by=supervisor, reason="补录一件漏登的申请")
    final2 = services.report_finalise(report_id=correction.pk, by=supervisor)
    assert (final2.version, final2.figures["applications"]["rows"]["new"]["total"]) == (2, 6)


def test_a_table_that_does_not_add_up_cannot_be_finalised(org, supervisor, three_years):
    app(org, "BAD", "business", "2025-05-01", "2024-12-01", "disclosed")
    report = services.report_prepare(org=org, year=2024, by=supervisor)
    with pytest.raises(InvalidInput, match="勾稽关系"):
        complete_and_finalise(report, supervisor)


def test_last_years_problems_are_carried_into_section_five(org, supervisor):
    first = services.report_prepare(org=org, year=2024, by=supervisor)
    complete_and_finalise(first, supervisor, problems="公开渠道单一。")
    assert "公开渠道单一" in services.report_prepare(org=org, year=2025, by=supervisor).problems


def test_the_docx_and_xlsx_hold_the_same_figures_as_the_json(org, three_years):
    figures = annual_figures(org, 2025)
    grids = report_grids(figures)
    doc = Document(io.BytesIO(render_docx(org.name, 2025, figures, {"overview": "总体情况。"})))
    assert doc.paragraphs[0].text == f"{org.name}2025年政府信息公开工作年度报告"
    assert len(doc.tables) == 3
    for table, key in zip(doc.tables, ("proactive", "applications", "reviews")):
        assert [[c.text for c in row.cells] for row in table.rows] == grids[key].matrix()
    apps_table = doc.tables[1]
    assert apps_table.cell(3, 0).text == "一、本年新收政府信息公开申请数量" and apps_table.cell(3, 9).text == "5"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    wb = load_workbook(io.BytesIO(render_xlsx(org.name, 2025, figures)))
    assert wb.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    sheet = wb["三、收到和处理政府信息公开申请情况"]
    new = [c.value for c in sheet[2 + 3]]  # row 1 the title, then three head rows
    assert new[0] == "一、本年新收政府信息公开申请数量" and new[3:] == [figures["applications"]["rows"]["new"][c] for c in COLUMNS]
    assert new[-1] == 5


def test_the_html_is_an_accessible_document_with_real_tables(org, three_years):
    html = render_html(org.name, 2025, annual_figures(org, 2025), {"overview": "总体情况。<script>"})
    assert html.count("<table>") == 3 and html.count("<caption>") == 3 and 'scope="row"' in html
    assert 'scope="rowgroup" rowspan="22">三、本年度办理结果' in html and 'scope="colgroup" colspan="5">法人或其他组织' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
