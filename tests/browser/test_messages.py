"""In Chromium: a member of the public writes to the agency, staff assign, draft and approve the
reply, and the Q&A appears on the portal and in its search. Every public page of messages passes the
axe-core audit (no serious or critical violation) at desktop and phone widths."""
from __future__ import annotations

import re

import pytest

from gongkai.interaction.models import Message

from .conftest import PHONE, log_in, log_out


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()  # the throttle and one-time tokens of earlier tests


def test_a_message_is_written_answered_and_published_with_its_answer_found_in_search(
        browser_page, org, dept, clerk, dept_head, axe_audit, save_shot):
    page = browser_page
    page.goto("/messages/write/")
    assert axe_audit(page) == []
    page.get_by_label("厅长信箱").check()
    page.get_by_label(re.compile("^留言标题")).fill("关于科技型中小企业评价入库的咨询")
    page.get_by_label(re.compile("^留言内容")).fill("请问评价入库需要多长时间？我的电话是13912345678。")
    page.get_by_label(re.compile("^姓名或称呼")).fill("周先生")
    page.get_by_label(re.compile("^电子邮箱")).fill("zhou@example.com")
    page.get_by_role("button", name="提交留言").click()
    page.get_by_role("heading", name=re.compile("留言已提交")).wait_for()
    assert axe_audit(page) == []
    number, code = page.locator("#receipt-number").inner_text(), page.locator("#receipt-code").inner_text()
    save_shot(page, "message-receipt")
    page.get_by_role("button", name="查看办理情况").click()
    page.get_by_role("heading", name=f"留言编号 {number}").wait_for()
    assert "已收到，待办理" in page.content() and axe_audit(page) == []

    log_in(page, "clerk")
    page.goto("/workbench/messages/")
    page.get_by_role("link", name=number).click()
    page.get_by_label("承办处室").select_option(label=dept.name)
    page.get_by_role("button", name="分办").click()
    page.locator(".wb-message", has_text="已分办").wait_for()
    page.get_by_label("答复内容").fill("您好！评价工作全年开展，企业填报后20个工作日内完成评价入库。")
    public_body = page.get_by_label("公开的留言内容")
    assert "13912345678" not in public_body.input_value()  # the phone number was taken out for publication
    page.get_by_role("button", name="拟稿并提交审核").click()
    page.locator(".wb-message", has_text="已提交处室负责人审核").wait_for()
    log_out(page)
    log_in(page, "head")
    page.goto(f"/workbench/messages/{Message.objects.get(number=number).pk}/")
    page.get_by_role("button", name="审核通过并答复").click()
    page.locator(".wb-message", has_text="审核通过").wait_for()
    log_out(page)

    page.goto("/messages/")
    page.get_by_role("link", name="关于科技型中小企业评价入库的咨询").click()
    page.get_by_role("heading", name="答复内容").wait_for()
    html = page.content()
    assert "20个工作日内完成评价入库" in html and "周先生" not in html and "13912345678" not in html
    assert axe_audit(page) == []
    page.goto("/messages/")
    page.get_by_label("搜索问答").fill("评价入库")
    page.locator(".qa-search").get_by_role("button", name="搜索").click()
    page.locator(".qa-hits").get_by_role("link", name=re.compile("科技型中小企业")).wait_for()
    assert axe_audit(page) == []
    save_shot(page, "messages-search")

    page.set_viewport_size(PHONE)
    for url in ("/messages/", "/messages/write/", "/messages/track/", "/messages/?q=评价"):
        page.goto(url)
        assert axe_audit(page) == [], url
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), url
