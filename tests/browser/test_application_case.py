"""In a real browser, one application from the form to the reply: a member of the public applies on
/apply/; the 信息员 opens the case from the queue, asks for a correction and records it; the 公开主管
approves an extension; the 信息员 drafts a 予以公开 reply; the 公开主管 approves it; the applicant sees
the reply and the letter on /track/. Every action is dated today: the services refuse future dates,
and a correction notice later than 7 working days after receipt."""
from __future__ import annotations

import re

import pytest
from django.utils import timezone

from gongkai.applications.models import Application, Document, query_code_digest

from tests.browser.conftest import DESKTOP, PHONE, expect_message, log_in, log_out

SUBJECT = "2025年度贵州省科技计划项目立项清单（含项目名称、承担单位、资助金额）"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()  # the throttle and one-time tokens of earlier tests


def field(page, label: str):
    return page.get_by_label(re.compile(f"^{label}"))


def open_case(page, number: str) -> None:
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="依申请公开").click()
    page.get_by_role("link", name=number).click()
    page.get_by_role("heading", name=f"政府信息公开申请 {number}").wait_for()


def action(page, title: str):
    return page.get_by_role("form", name=title)


def apply_online(page) -> tuple[str, str]:
    page.goto("/apply/")
    field(page, "姓名").fill("李小梅")
    field(page, "证件类型").select_option("resident_id")
    field(page, "证件号码").fill("520102198001011235")
    field(page, "联系电话").fill("13912345678")
    field(page, "电子邮箱").fill("lixiaomei@example.com")
    field(page, "通信地址").fill("贵州省贵阳市南明区花果园1号")
    field(page, "所需政府信息的内容描述").fill(SUBJECT)
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name=re.compile("申请已提交")).wait_for()
    return page.locator("#receipt-number").inner_text(), page.locator("#receipt-code").inner_text()


def clerk_finds_the_case_masked_in_the_queue(page, number, axe_audit, save_shot) -> None:
    log_in(page, "clerk")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="依申请公开").click()
    row = page.get_by_role("row", name=re.compile(number))
    assert "520***********1235" in row.inner_text() and "139****5678" in row.inner_text()
    assert "520102198001011235" not in page.content()
    assert axe_audit(page) == []
    save_shot(page, "case-1-queue")
    open_case(page, number)
    assert axe_audit(page) == []
    save_shot(page, "case-2-opened")


def clerk_asks_for_a_correction_and_records_it(page, save_shot) -> None:
    form = action(page, "告知补正（第三十条）")
    assert form.get_by_label("日期").input_value() == timezone.localdate().isoformat()
    form.get_by_label("需要补正的事项").fill("请写明所需立项清单的项目类别（如重大专项、重点研发计划）")
    form.get_by_role("button", name="告知补正").click()
    expect_message(page, "已告知补正")
    assert "暂停计时" in page.locator("#clock").inner_text()
    action(page, "收到补正").get_by_role("button", name="记录收到补正").click()
    expect_message(page, "已记录收到补正")
    save_shot(page, "case-3-corrected")
    assert not page.get_by_role("form", name="批准延期（公开主管）").count()  # the 信息员 cannot extend


def supervisor_approves_an_extension(page, number) -> None:
    log_in(page, "supervisor")
    open_case(page, number)
    form = action(page, "批准延期（公开主管）")
    form.get_by_label("延期理由").fill("所需信息涉及多个处室，需逐项核对")
    form.get_by_role("button", name="批准延期").click()
    expect_message(page, "已批准延期")
    app = Application.objects.get(number=number)
    assert app.extended and app.effective_due_on == app.extended_due_on
    assert app.extended_due_on.isoformat() in page.locator("#clock").inner_text()
    log_out(page)


def clerk_drafts_a_disclosure(page, number, save_shot) -> None:
    log_in(page, "clerk")
    open_case(page, number)
    form = action(page, "拟定答复（第三十六条）")
    form.get_by_label("办理结果").select_option("disclosed")
    assert "第三十六条" in form.get_by_label("法律依据").input_value()  # prefilled from the outcome
    form.get_by_label("答复正文").fill("现将2025年度省科技计划项目立项清单提供给您，请查收。")
    form.get_by_role("button", name="提交审批").click()
    expect_message(page, "答复已拟定")
    save_shot(page, "case-4-drafted")
    log_out(page)


def supervisor_approves_the_reply(page, number, axe_audit, save_shot) -> None:
    log_in(page, "supervisor")
    open_case(page, number)
    assert axe_audit(page) == []
    save_shot(page, "case-5-to-approve")
    action(page, "审批答复（公开主管）").get_by_role("button", name="批准答复").click()
    expect_message(page, "答复已批准")
    docs = page.locator("#docs-h + ul")
    assert docs.get_by_role("link", name=f"答复告知书-{number}.docx").is_visible()
    with page.expect_download() as download:
        docs.get_by_role("link", name=f"答复告知书-{number}.pdf").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    history = page.locator("#history-h ~ div").inner_text()
    for step in ("收到申请", "告知补正", "收到补正", "延长答复期限", "拟定答复", "作出答复"):
        assert step in history
    save_shot(page, "case-6-approved")
    page.set_viewport_size(PHONE)  # a case page on a phone: one column, nothing wider than the screen
    page.reload()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_audit(page) == []
    save_shot(page, "case-6-approved-phone")
    page.set_viewport_size(DESKTOP)
    log_out(page)


def applicant_tracks_the_reply(page, number, code, save_shot) -> None:
    page.goto("/track/")
    field(page, "登记编号").fill(number)
    field(page, "查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name=f"登记编号 {number}").wait_for()
    body = page.locator("main").inner_text()
    assert "予以公开" in body
    for step in ("告知补正", "收到补正", "延长答复期限", "作出答复"):
        assert step in body
    assert page.get_by_role("link", name=re.compile(f"答复告知书-{number}")).count() == 2
    assert "520102198001011235" not in page.content() and "13912345678" not in page.content()
    save_shot(page, "case-7-tracked")


def test_a_case_goes_from_the_online_form_through_correction_and_extension_to_the_reply(
        browser_page, org, clerk, supervisor, axe_audit, save_shot):
    page = browser_page
    number, code = apply_online(page)
    clerk_finds_the_case_masked_in_the_queue(page, number, axe_audit, save_shot)
    clerk_asks_for_a_correction_and_records_it(page, save_shot)
    log_out(page)
    supervisor_approves_an_extension(page, number)
    clerk_drafts_a_disclosure(page, number, save_shot)
    supervisor_approves_the_reply(page, number, axe_audit, save_shot)
    applicant_tracks_the_reply(page, number, code, save_shot)
    assert Document.objects.filter(application__number=number, kind=Document.Kind.LETTER, public=True).count() == 2


def test_a_clerk_registers_a_letter_with_errors_explained_beside_the_fields(browser_page, org, clerk, axe_audit, save_shot):
    page = browser_page
    log_in(page, "clerk")
    page.goto("/workbench/applications/new/")
    assert "第三十一条" in page.locator("#id_received_on_helptext").inner_text()
    page.get_by_label("申请方式").select_option("letter")
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("申请人姓名/单位名称").fill("王大山")
    page.get_by_label("证件类型（自然人）").select_option("resident_id")
    page.get_by_label("证件号码（自然人）").fill("520102198001011234")  # the check digit should be 5
    page.get_by_label("联系电话").fill("13812340000")
    page.get_by_label("通信地址").fill("贵州省遵义市汇川区上海路1号")
    page.get_by_label("所需政府信息的内容描述").fill("2025年度遵义市科技特派员名单")
    page.get_by_role("button", name="登记").click()
    error = page.locator("#id_id_number_error")
    error.wait_for()
    assert "校验位不正确" in error.inner_text()
    assert "id_id_number_error" in page.get_by_label("证件号码（自然人）").get_attribute("aria-describedby")
    assert page.get_by_label("申请人姓名/单位名称").input_value() == "王大山"
    assert axe_audit(page) == []
    save_shot(page, "register-error")
    page.get_by_label("证件号码（自然人）").fill("520102198001011235")
    page.get_by_role("button", name="登记").click()
    expect_message(page, "登记成功")
    app = Application.objects.get()
    told = re.search(rf"登记编号 {app.number}，查询码 ([A-Z0-9]{{8}})", page.locator(".wb-message").inner_text())
    assert told and app.query_code_hash == query_code_digest(told.group(1))
    assert app.channel == "letter" and app.received_on == timezone.localdate()
    save_shot(page, "register-done")
