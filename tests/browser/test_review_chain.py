"""In a real browser: a clerk drafts an item, the 处室负责人 signs it off, the 公开主管 clears the
confidentiality review, the clerk publishes; then the public finds it on the portal and in search.
(Fixtures browser_page, phone_page, axe_audit and save_shot come from tests/browser/conftest.py.)"""
from __future__ import annotations

from urllib.parse import quote

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from tests.browser.conftest import expect_message, log_in, log_out
from tests.conftest import item_data

TITLE = "关于2026年度省级专利资助项目申报的通知"


def open_from_queue(page, queue_heading: str) -> None:
    """From 我的待办, open the item waiting in the named queue."""
    section = page.locator("section", has=page.get_by_role("heading", name=queue_heading))
    section.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()


def test_an_item_goes_from_draft_through_the_chain_to_the_portal_and_search(
        browser_page, save_shot, clerk, dept_head, supervisor, dept):
    page = browser_page
    log_in(page, "clerk")
    save_shot(page, "workbench-1-clerk-home")
    page.get_by_role("link", name="起草新条目").first.click()
    page.get_by_label("信息名称").fill(TITLE)
    page.get_by_label("文号").fill("黔科通〔2026〕18号")
    page.get_by_role("textbox", name="正文").fill("各有关单位：现组织申报2026年度省级专利资助项目，请于4月30日前提交材料。")  # the visual editor
    assert page.get_by_label("责任处室").input_value() == str(dept.pk)  # the clerk's own 处室 by default
    save_shot(page, "workbench-2-new-item-form")
    page.get_by_role("button", name="保存草稿").click()
    expect_message(page, "草稿已保存")
    page.get_by_role("button", name="提交审核").click()
    expect_message(page, "已提交")
    save_shot(page, "workbench-3-submitted")
    log_out(page)

    log_in(page, "head")
    open_from_queue(page, "待我签字（处室负责人审核）")
    page.get_by_label("审核意见（退回时必填）").fill("同意公开")
    page.get_by_role("button", name="签字同意").click()
    expect_message(page, "已签字同意")
    log_out(page)

    log_in(page, "supervisor")
    save_shot(page, "workbench-4-supervisor-home")
    open_from_queue(page, "待保密审查（公开主管）")
    page.get_by_role("button", name="保密审查通过").click()
    expect_message(page, "保密审查已通过")
    log_out(page)

    log_in(page, "clerk")
    open_from_queue(page, "已通过审查、待发布")
    page.get_by_role("button", name="立即发布").click()
    expect_message(page, "已发布")
    history = page.locator("table.wb-history")
    for action in ("起草", "提交审核", "处室负责人签字同意", "公开主管保密审查通过", "发布"):
        assert history.get_by_text(action, exact=True).count() >= 1
    assert history.get_by_text("同意公开").count() == 1
    save_shot(page, "workbench-5-published-item")
    log_out(page)

    item = Item.objects.get()
    assert item.status == Item.Status.PUBLISHED and item.index_number
    # Now as the anonymous public.
    page.goto(f"/search/?q={quote('专利')}")
    assert page.get_by_text(TITLE).count() >= 1
    page.goto(f"/items/{item.index_number}/")
    assert page.get_by_text(TITLE).count() >= 1


def test_the_workbench_pages_pass_an_axe_audit_and_fit_on_a_phone(phone_page, axe_audit, save_shot, clerk, dept, org):
    """Staff pages meet the portal's accessibility bar (no serious or critical axe finding), on a phone."""
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept))
    page = phone_page
    page.goto("/workbench/login/")
    found = {"/workbench/login/": axe_audit(page)}
    log_in(page, "clerk")
    for url in ("/workbench/", "/workbench/items/", "/workbench/items/new/", f"/workbench/items/{item.pk}/",
                f"/workbench/revisions/{item.revisions.get().pk}/edit/"):
        page.goto(url)
        found[url] = axe_audit(page)
        # Nothing wider than the screen: a phone never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
    save_shot(page, "workbench-6-edit-form-phone")
    assert {url: bad for url, bad in found.items() if bad} == {}
