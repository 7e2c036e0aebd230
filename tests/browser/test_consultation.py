"""In a real browser: a consultation is drafted and published in the workbench, receives a comment from
the public on the portal, closes and shows its adoption summary; a policy document and its
interpretation link to each other; the pages pass axe at desktop and phone sizes."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.consultation.models import Comment, Consultation, Suggestion
from tests.browser.conftest import PHONE, expect_message, log_in, log_out
from tests.conftest import item_data

TITLE = "贵州省科技创新券管理办法（征求意见稿）"


def test_a_consultation_opens_receives_a_comment_closes_and_shows_its_adoption_summary(
        browser_page, axe_audit, save_shot, org, clerk, supervisor):
    page = browser_page
    log_in(page, "clerk")
    page.get_by_role("link", name="征求意见与建议提案").click()
    page.get_by_role("link", name="新建征求意见").click()
    today = timezone.localdate()
    page.get_by_label("征求意见稿名称").fill(TITLE)
    page.get_by_label("征求意见开始日期").fill(today.isoformat())
    page.get_by_label("征求意见截止日期").fill((today + dt.timedelta(days=9)).isoformat())
    page.get_by_label("起草说明").fill("为降低中小企业创新成本，起草了本办法。")
    page.get_by_label("征求意见稿全文").fill("第一条　为发挥科技创新券作用，制定本办法。")
    page.get_by_role("button", name="保存草稿").click()
    # Ten days and no reason: refused beside the field, what was typed kept.
    page.locator(".wb-fielderror", has_text="30日").wait_for()
    page.get_by_label("期限少于30日的理由").fill("省政府要求年内出台，时间紧急")
    page.get_by_role("button", name="保存草稿").click()
    expect_message(page, "草稿已保存")
    log_out(page)

    log_in(page, "supervisor")
    page.goto(f"/workbench/consultation/{Consultation.objects.get().pk}/")
    page.get_by_role("button", name="发布征求意见").click()
    expect_message(page, "已发布")
    log_out(page)

    page.goto("/consultations/")
    assert axe_audit(page) == []
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert axe_audit(page) == []
    save_shot(page, "consultation-1-open")
    page.get_by_role("textbox", name="意见建议").fill("建议明确创新券的兑付时限，并简化申领材料。")
    page.get_by_label("姓名或单位（选填）").fill("贵阳某科技有限公司")
    page.get_by_role("button", name="提交意见").click()
    page.get_by_role("heading", name="您的意见已提交").wait_for()
    assert axe_audit(page) == []
    comment = Comment.objects.get()
    assert comment.name == "贵阳某科技有限公司" and "兑付时限" in comment.body

    # The period runs out (as time would), the clerk closes it, the 公开主管 publishes the result.
    Consultation.objects.update(opens_on=today - dt.timedelta(days=12), closes_on=today - dt.timedelta(days=1))
    log_in(page, "clerk")
    page.goto(f"/workbench/consultation/{comment.consultation_id}/")
    assert "兑付时限" in page.content()  # staff read the comments; the public never does
    page.get_by_role("button", name="截止征求意见").click()
    expect_message(page, "已截止")
    log_out(page)
    log_in(page, "supervisor")
    page.goto(f"/workbench/consultation/{comment.consultation_id}/")
    page.get_by_role("textbox", name="意见采纳情况").fill("共收到意见1条，已采纳1条：增加兑付时限的规定。")
    page.get_by_role("button", name="公布意见采纳情况").click()
    expect_message(page, "意见采纳情况已在门户网站公布")
    log_out(page)

    page.goto(f"/consultations/{comment.consultation_id}/")
    result = page.locator(".consultation__result")
    assert "已采纳1条" in result.inner_text()
    assert "兑付时限的规定" in page.content() and "简化申领材料" not in page.content()
    assert axe_audit(page) == []
    save_shot(page, "consultation-2-concluded")

    Suggestion.objects.create(org=org, number="省人大第12号", kind="deputy", title="关于支持科技型企业的建议",
                              replied_on=today - dt.timedelta(days=5), result_published_on=today, status="published",
                              reply="答复全文")
    phone_page = page
    phone_page.set_viewport_size(PHONE)
    for url in ("/consultations/", f"/consultations/{comment.consultation_id}/", "/suggestions/"):
        phone_page.goto(url)
        assert axe_audit(phone_page) == [], url
        assert phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url
    phone_page.get_by_role("link", name="关于支持科技型企业的建议").click()
    phone_page.get_by_role("heading", name="关于支持科技型企业的建议").wait_for()
    assert axe_audit(phone_page) == []


def test_an_interpretation_and_its_document_link_to_each_other(browser_page, axe_audit, save_shot, publish,
                                                               org, dept, clerk, topic):
    from gongkai.catalog import services as catalog

    document = publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, topic=topic, kind="normative_document", title="贵州省科技计划项目管理办法")))
    publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, topic=topic, kind="interpretation", title="《贵州省科技计划项目管理办法》政策解读", document_number="",
        interprets=document, qa="问：办法适用于哪些项目？\n答：省级科技计划项目。")))
    page = browser_page
    page.goto(f"/items/{document.index_number}/")
    page.get_by_role("region", name="政策解读").get_by_role("link", name="《贵州省科技计划项目管理办法》政策解读").click()
    page.get_by_role("heading", name="《贵州省科技计划项目管理办法》政策解读", level=1).wait_for()
    assert "问：办法适用于哪些项目？" in page.content()
    assert axe_audit(page) == []
    save_shot(page, "interpretation")
    page.get_by_role("link", name="贵州省科技计划项目管理办法", exact=True).click()
    page.get_by_role("heading", name="贵州省科技计划项目管理办法", level=1).wait_for()
    assert axe_audit(page) == []
