"""In a real browser on a phone (375×812): a member of the public applies as a natural person, is
told what is wrong beside the field, corrects it, sees the registration number and query code, and
tracks the case. Every page passes an axe-core audit (no serious or critical violation)."""
from __future__ import annotations

import re

import pytest

from gongkai.applications.models import Application, query_code_digest

PHONE_812 = {"width": 375, "height": 812}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()  # the throttle and one-time tokens of earlier tests


def field(page, label: str):
    """The input whose label starts with LABEL (labels of required fields end with （必填）)."""
    return page.get_by_label(re.compile(f"^{label}"))


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def fill_as_person(page, id_number: str) -> None:
    field(page, "姓名").fill("李小梅")
    field(page, "证件类型").select_option("resident_id")
    field(page, "证件号码").fill(id_number)
    field(page, "联系电话").fill("13912345678")
    field(page, "电子邮箱").fill("lixiaomei@example.com")
    field(page, "通信地址").fill("贵州省贵阳市南明区花果园1号")
    field(page, "邮政编码").fill("550002")
    field(page, "所需政府信息的内容描述").fill("2025年度贵州省科技计划项目立项清单（含项目名称、承担单位、资助金额）")


def test_a_member_of_the_public_applies_on_a_phone_and_tracks_the_case(phone_page, org, axe_audit, save_shot):
    page = phone_page
    page.set_viewport_size(PHONE_812)
    page.goto("/apply/")
    assert page.get_by_role("heading", name="网上申请政府信息公开").is_visible()
    # The script shows only the part of the chosen kind of applicant.
    assert page.locator("#part-person").is_visible() and not page.locator("#part-organisation").is_visible()
    page.get_by_label("法人或其他组织").check()
    assert page.locator("#part-organisation").is_visible() and not page.locator("#part-person").is_visible()
    page.get_by_label("自然人").check()
    assert axe_audit(page) == [] and fits_the_width(page)
    save_shot(page, "apply-form-phone")

    fill_as_person(page, "520102198001011234")  # the check digit should be 5
    page.get_by_role("button", name="提交申请").click()
    error = page.locator("#id_id_number_error")
    error.wait_for()
    assert "校验位不正确" in error.inner_text()
    assert field(page, "证件号码").get_attribute("aria-describedby") == "id_id_number_error"
    assert field(page, "姓名").input_value() == "李小梅"  # what was typed is kept
    assert page.evaluate("() => document.activeElement.id") == "form-errors"  # the summary has the focus
    assert Application.objects.count() == 0
    assert axe_audit(page) == [] and fits_the_width(page)
    save_shot(page, "apply-form-error-phone")

    field(page, "证件号码").fill("520102198001011235")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name=re.compile("申请已提交")).wait_for()
    app = Application.objects.get()
    number, code = page.locator("#receipt-number").inner_text(), page.locator("#receipt-code").inner_text()
    assert number == app.number and app.query_code_hash == query_code_digest(code)  # the code only as a hash
    assert app.effective_due_on.isoformat() in page.content()
    assert axe_audit(page) == [] and fits_the_width(page)
    save_shot(page, "apply-done-phone")

    page.get_by_role("button", name="查看办理进度").click()
    page.get_by_role("heading", name=f"登记编号 {number}").wait_for()
    body = page.locator("main").inner_text()
    assert "已登记，办理中" in body and "收到申请" in body and "李**" in body
    for personal in ("李小梅", "520102198001011235", "13912345678", "花果园", "lixiaomei"):
        assert personal not in page.content()
    assert axe_audit(page) == [] and fits_the_width(page)
    save_shot(page, "track-case-phone")

    # Later, from the navigation's 依申请公开 column: the tracking form with the number and code written down.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开").click()
    page.get_by_role("navigation", name="依申请公开").get_by_role("link", name="申请查询").click()
    assert axe_audit(page) == [] and fits_the_width(page)
    save_shot(page, "track-form-phone")
    field(page, "查询码").fill("WRONG234")
    field(page, "登记编号").fill(number)
    page.get_by_role("button", name="查询").click()
    page.get_by_text("登记编号或查询码不正确").wait_for()
    assert axe_audit(page) == []
    field(page, "查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name=f"登记编号 {number}").wait_for()


def test_the_quarterly_figures_page_passes_the_audit(browser_page, org, axe_audit, save_shot):
    browser_page.goto("/statistics/applications/?year=2026&quarter=3")
    assert browser_page.get_by_role("table").count() == 3
    assert axe_audit(browser_page) == []
    save_shot(browser_page, "quarterly-desktop")
    browser_page.set_viewport_size(PHONE_812)
    assert axe_audit(browser_page) == [] and fits_the_width(browser_page)
    save_shot(browser_page, "quarterly-phone")
