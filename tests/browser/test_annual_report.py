"""In a real browser: the 公开主管 opens 年度报告 in the workbench, starts the 2025 report, writes
总体情况, finalises it; the public finds it in the portal's 年度报告 column, reads it (axe audit at
desktop and phone sizes) and downloads it as DOCX and XLSX, which python-docx and openpyxl open.
(Fixtures browser_page, phone_page, axe_audit and save_shot come from tests/browser/conftest.py.)"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from tests.browser.conftest import expect_message, log_in
from tests.reports.test_annual_figures import three_years  # noqa: F401 - fixture

TITLE = "贵州省科学技术厅2025年政府信息公开工作年度报告"
OVERVIEW = "2025年，省科技厅认真贯彻《中华人民共和国政府信息公开条例》，全年主动公开政府信息，依法办理政府信息公开申请。"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS = "公开渠道较为单一，部分信息公开时间滞后。下一步将拓展政务新媒体发布渠道。"


def test_the_supervisor_finalises_the_report_and_the_public_reads_and_downloads_it(
        browser_page, axe_audit, save_shot, supervisor, three_years):
    page = browser_page
    log_in(page, "supervisor")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="年度报告").click()
    page.get_by_role("heading", name="年度报告", level=1).wait_for()
    assert page.get_by_label("报告年度").input_value() == "2025"  # last year by default (the suite runs in 2026)
    save_shot(page, "report-1-workbench-before")
    page.get_by_role("button", name="开始编制").click()
    expect_message(page, "已开始编制2025年度报告")

    overview = page.get_by_label("一、总体情况")
    assert "新收政府信息公开申请5件" in overview.input_value()  # the draft names the year's figures
    overview.fill(OVERVIEW)
    page.get_by_label("五、存在的主要问题及改进情况").fill(PROBLEMS)
    page.get_by_role("button", name="保存文字").click()
    expect_message(page, "报告文字已保存")
    assert page.get_by_label("一、总体情况").input_value() == OVERVIEW
    page.get_by_text("各列勾稽关系相符").wait_for()
    save_shot(page, "report-2-workbench-draft")

    # A count leads to the records behind it: 上年结转 · 总计 is 2 (A and F).
    table = page.get_by_role("region", name="三、收到和处理政府信息公开申请情况")
    table.get_by_role("row", name="二、上年结转政府信息公开申请数量").get_by_role("link").last.click()
    page.get_by_role("heading", name="数据明细：二、上年结转政府信息公开申请数量 · 总计").wait_for()
    assert page.locator("tbody tr").count() == 2
    save_shot(page, "report-3-trace")
    page.go_back()

    page.get_by_role("link", name="定稿并发布…").click()  # the confirmation page: what will go out
    page.get_by_role("heading", name="确认定稿并发布", level=1).wait_for()
    assert page.get_by_text(PROBLEMS).is_visible()
    page.get_by_role("button", name="确认定稿并发布").click()
    expect_message(page, "已定稿")
    save_shot(page, "report-4-workbench-final")

    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开年报").click()
    page.get_by_role("heading", name="政府信息公开工作年度报告", level=1).wait_for()
    save_shot(page, "report-5-portal-list")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.get_by_text(OVERVIEW).is_visible()
    assert page.get_by_role("img", name="办理结果分布").is_visible()
    assert axe_audit(page) == []
    save_shot(page, "report-6-portal-report")

    for name, content_type, check in (("Word 文档（DOCX）", DOCX, _docx_ok), ("Excel 表格（XLSX）", XLSX, _xlsx_ok)):
        link = page.get_by_role("link", name=name)
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == content_type
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.startswith(TITLE)
        check(io.BytesIO(Path(download.value.path()).read_bytes()))

    # One Playwright per thread: the phone is the same page at a phone's size.
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert axe_audit(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px phone"
    save_shot(page, "report-7-portal-report-phone")


def _docx_ok(data) -> None:
    doc = Document(data)
    assert doc.paragraphs[0].text == TITLE and len(doc.tables) == 3
    assert doc.tables[1].cell(3, 9).text == "5"  # 本年新收 · 总计


def _xlsx_ok(data) -> None:
    sheet = load_workbook(data)["三、收到和处理政府信息公开申请情况"]
    assert sheet.cell(row=5, column=1).value == "一、本年新收政府信息公开申请数量" and sheet.cell(row=5, column=10).value == 5


def test_the_case_register_and_a_higher_bodys_aggregate_pass_the_axe_audit(browser_page, axe_audit, save_shot,
                                                                           org, supervisor, three_years):
    from gongkai.orgs.models import Organisation

    Organisation.objects.create(code="gzipo", name="贵州省知识产权局", parent=org)
    page = browser_page
    log_in(page, "supervisor")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="复议诉讼").click()
    page.get_by_role("link", name="登记新案件").click()
    page.get_by_label("案号").fill("黔府复〔2025〕3号")
    page.get_by_label("案件类型").select_option(label="行政复议")
    page.get_by_label("受理/立案日期").fill("2025-04-01")
    page.get_by_label("结果").select_option(label="结果纠正")
    page.get_by_role("button", name="登记").click()
    page.get_by_text("已审结的案件请填写审结日期").first.wait_for()  # refused next to the field, input kept
    assert page.get_by_label("案号").input_value() == "黔府复〔2025〕3号"
    assert axe_audit(page) == []
    save_shot(page, "report-8-case-refused")
    page.get_by_label("审结日期").fill("2025-06-30")
    page.get_by_role("button", name="登记").click()
    expect_message(page, "已登记案件")
    assert axe_audit(page) == []
    save_shot(page, "report-9-case-list")

    page.goto(f"/workbench/reports/2025/aggregate/?org={org.code}")
    page.get_by_role("heading", name="2025年度报告汇总（含下级机关）").wait_for()
    compare = page.get_by_role("region", name="各机关对比")
    assert compare.get_by_role("row", name="贵州省知识产权局").is_visible()
    assert axe_audit(page) == []
    save_shot(page, "report-10-aggregate")
