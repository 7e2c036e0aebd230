"""The public searches in Chromium: types 专利 on the home page, sees the hit highlighted, opens it,
and downloads its attachment."""
from __future__ import annotations

import pytest

from gongkai.catalog import services as catalog

from ..conftest import item_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "2026年度贵州省专利奖拟奖项目公示"


@pytest.fixture
def patent_item(org, dept, clerk, topic, publish):
    draft = catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, topic=topic, title=TITLE, body="<p>现将2026年度贵州省专利奖拟奖项目予以公示。</p>"))
    catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="拟奖项目名单.pdf", content=PDF)
    item = publish(draft)
    catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, title="专利工作草稿（未公开）"))
    return item


def test_the_public_finds_an_item_by_a_two_character_word_and_opens_it(browser_page, patent_item, save_shot):
    browser_page.goto("/")
    browser_page.get_by_label("搜索公开信息").fill("专利")
    browser_page.get_by_label("搜索公开信息").press("Enter")
    browser_page.wait_for_url("**/search/?q=*")
    assert "找到 1 条" in browser_page.get_by_role("status").inner_text()
    marks = browser_page.locator(".hit__title mark")
    assert marks.first.inner_text() == "专利"
    assert "专利工作草稿" not in browser_page.content()
    save_shot(browser_page, "portal-search-flow")

    browser_page.locator(".hit__title a").first.click()
    browser_page.wait_for_url(f"**/items/{patent_item.index_number}/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == TITLE
    assert browser_page.get_by_role("rowheader", name="索引号").is_visible()

    with browser_page.expect_download() as download:
        browser_page.get_by_role("link", name="拟奖项目名单.pdf").click()
    assert download.value.suggested_filename == "拟奖项目名单.pdf"


def test_search_filters_are_labelled_selects_that_keep_the_query(browser_page, patent_item):
    browser_page.goto("/search/?q=专利")
    browser_page.get_by_label("主题分类").select_option(label="科技")
    browser_page.get_by_role("button", name="搜索").click()
    browser_page.wait_for_url("**topic=*")
    assert browser_page.get_by_label("关键词").input_value() == "专利"
    assert "找到 1 条" in browser_page.get_by_role("status").inner_text()
