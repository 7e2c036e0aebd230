"""The public portal in Chromium: every main page passes an axe-core audit (no serious or critical
violation) at desktop and phone sizes, fits a phone's width, and is usable from the keyboard."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog import services as catalog
from gongkai.catalog.models import NonPublicCategory
from gongkai.publicity.models import Event

from ..conftest import item_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def portal_data(org, dept, clerk, topic, publish):
    """A small catalogue: one item through the review chain with an attachment, some imported history,
    the guide and the non-public catalogue."""
    draft = catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, topic=topic, title="2026年度贵州省专利奖拟奖项目公示", keywords="专利 项目 公示",
        body="<p>根据《贵州省专利奖励办法》，现将2026年度贵州省专利奖拟奖项目予以公示。</p><p>公示期为7天。</p>"))
    catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="拟奖项目名单.pdf", content=PDF)
    item = publish(draft)
    for i in range(25):
        catalog.item_import(org=org, row=catalog.ImportedItem(
            data=item_data(title=f"关于组织申报省科技计划项目的通知（第{i + 1}批）", topic=topic, department=dept, kind="notice"),
            index_number=None, published_on=dt.date(2025, 1, 1) + dt.timedelta(days=7 * i)))
    org.disclosure_guide = "<h2>一、主动公开</h2><p>主动公开的范围见公开目录。</p><h2>二、依申请公开</h2><p>可以书面提出申请。</p>"
    org.address, org.phone = "贵阳市观山湖区林城西路", "0851-88888888"
    org.save()
    NonPublicCategory.objects.create(org=org, name="国家秘密", description="依法确定为国家秘密的政府信息", basis="《政府信息公开条例》第十四条")
    Event.objects.create(org=org, kind="press_conference", held_on=dt.date(2025, 3, 1), title="全省科技创新大会新闻发布会",
                         speakers="厅长", url="https://example.cn/xwfb/1.html")
    return item


def pages(item) -> dict[str, str]:
    return {
        "home": "/",
        "catalog": "/catalog/",
        "catalog-filtered": f"/catalog/?topic={item.topic.code}&page=2",
        "item": f"/items/{item.index_number}/",
        "search": "/search/?q=专利",
        "search-empty": "/search/?q=没有这个词",
        "guide": "/guide/",
        "non-public": "/non-public/",
        "press": "/press/",
        "not-found": "/items/none/",
    }


def test_every_page_passes_the_axe_audit_on_a_desktop(browser_page, portal_data, axe_audit, save_shot):
    for name, url in pages(portal_data).items():
        browser_page.goto(url)
        assert axe_audit(browser_page) == [], f"{name}: {url}"
        save_shot(browser_page, f"portal-{name}-desktop")


def test_every_page_passes_the_axe_audit_and_fits_on_a_phone(phone_page, portal_data, axe_audit, save_shot):
    for name, url in pages(portal_data).items():
        phone_page.goto(url)
        assert axe_audit(phone_page) == [], f"{name}: {url}"
        # Nothing but the tables' own scrolling areas may be wider than the screen.
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a phone"
        save_shot(phone_page, f"portal-{name}-phone")


def test_the_skip_link_comes_first_and_jumps_to_the_content(browser_page, portal_data):
    browser_page.goto("/catalog/")
    browser_page.keyboard.press("Tab")
    skip = browser_page.get_by_role("link", name="跳到主要内容")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"


def test_the_catalogue_can_be_filtered_and_paged_by_clicking(browser_page, portal_data):
    browser_page.goto("/catalog/")
    browser_page.get_by_role("complementary", name="筛选条件").get_by_role("link", name="2025年").click()
    assert "符合条件的公开信息共 25 条" in browser_page.get_by_role("status").inner_text()
    browser_page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页").click()
    assert "year=2025" in browser_page.url and "page=2" in browser_page.url
    assert browser_page.locator(".item-table tbody tr").count() == 5
