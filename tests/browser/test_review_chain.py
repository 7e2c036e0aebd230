"""In a real browser: a clerk drafts an item, the 处室负责人 signs it off, the 公开主管 clears the
confidentiality review, the clerk publishes; then the public finds it on the portal and in search."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from tests.conftest import item_data

# Playwright's sync API runs an event loop in this thread; the ORM reads below are plain test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path("/tmp/shots")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "Gongkai-test-2026"  # the personas' password (tests/conftest.py)
TITLE = "关于2026年度省级专利资助项目申报的通知"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@contextmanager
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"workbench-{name}.png"), full_page=True)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/workbench/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的待办").wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("heading", name="登录工作台").wait_for()


def open_from_queue(page, queue_heading: str) -> None:
    """From 我的待办, open the item waiting in the named queue."""
    section = page.locator("section", has=page.get_by_role("heading", name=queue_heading))
    section.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()


def expect_message(page, text: str) -> None:
    page.locator(".wb-message", has_text=text).wait_for()


def test_an_item_goes_from_draft_through_the_chain_to_the_portal_and_search(live_server, clerk, dept_head, supervisor, dept):
    base = live_server.url
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")

        log_in(page, base, "clerk")
        shot(page, "1-clerk-home")
        page.get_by_role("link", name="起草新条目").first.click()
        page.get_by_label("信息名称").fill(TITLE)
        page.get_by_label("文号").fill("黔科通〔2026〕18号")
        page.get_by_label("正文").fill("<p>各有关单位：现组织申报2026年度省级专利资助项目，请于4月30日前提交材料。</p>")
        assert page.get_by_label("责任处室").input_value() == str(dept.pk)  # the clerk's own 处室 by default
        shot(page, "2-new-item-form")
        page.get_by_role("button", name="保存草稿").click()
        expect_message(page, "草稿已保存")
        page.get_by_role("button", name="提交审核").click()
        expect_message(page, "已提交")
        shot(page, "3-submitted")
        log_out(page)

        log_in(page, base, "head")
        open_from_queue(page, "待我签字（处室负责人审核）")
        page.get_by_label("审核意见（退回时必填）").fill("同意公开")
        page.get_by_role("button", name="签字同意").click()
        expect_message(page, "已签字同意")
        log_out(page)

        log_in(page, base, "supervisor")
        shot(page, "4-supervisor-home")
        open_from_queue(page, "待保密审查（公开主管）")
        page.get_by_role("button", name="保密审查通过").click()
        expect_message(page, "保密审查已通过")
        log_out(page)

        log_in(page, base, "clerk")
        open_from_queue(page, "已通过审查、待发布")
        page.get_by_role("button", name="立即发布").click()
        expect_message(page, "已发布")
        history = page.locator("table.wb-history")
        for action in ("起草", "提交审核", "处室负责人签字同意", "公开主管保密审查通过", "发布"):
            assert history.get_by_text(action, exact=True).count() >= 1
        assert history.get_by_text("同意公开").count() == 1
        shot(page, "5-published-item")
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, "6-published-item-phone")
        page.goto(f"{base}/workbench/items/")
        shot(page, "7-items-phone")

        item = Item.objects.get()
        assert item.status == Item.Status.PUBLISHED and item.index_number
        public = browser.new_page(locale="zh-CN")  # a fresh, anonymous visitor
        public.goto(f"{base}/search/?q={quote('专利')}")
        assert public.get_by_text(TITLE).count() >= 1
        public.goto(f"{base}/items/{item.index_number}/")
        assert public.get_by_text(TITLE).count() >= 1


def test_the_workbench_pages_pass_an_axe_audit(live_server, clerk, dept, org):
    """Staff pages meet the same accessibility bar as the portal: no serious or critical axe finding."""
    axe_package = pytest.importorskip("axe_playwright_python")
    axe_js = Path(axe_package.__file__).parent / "axe.min.js"
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept))
    base = live_server.url
    with chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        pages = ["/workbench/login/", "/workbench/", "/workbench/items/", "/workbench/items/new/",
                 f"/workbench/items/{item.pk}/", f"/workbench/revisions/{item.revisions.get().pk}/edit/"]
        found = {}
        for i, url in enumerate(pages):
            if i == 1:
                log_in(page, base, "clerk")
            page.goto(base + url)
            page.add_script_tag(path=str(axe_js))
            result = page.evaluate("axe.run()")
            bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                found[url] = bad
        assert found == {}
