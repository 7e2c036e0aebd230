"""The 无障碍 / 适老化 toolbar in Chromium: by keyboard, larger text, high contrast, wider line spacing and
the reading guide apply at once, stay on the next page, and the axe audit stays clean in those modes."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog import services as catalog

from ..conftest import item_data


@pytest.fixture
def some_items(org, dept, topic):
    for i in range(3):
        catalog.item_import(org=org, row=catalog.ImportedItem(
            data=item_data(title=f"关于组织申报省科技计划项目的通知（第{i + 1}批）", topic=topic, department=dept),
            index_number=None, published_on=dt.date(2026, 3, 1 + i)))


def classes(page) -> list[str]:
    return page.evaluate("Array.from(document.documentElement.classList)")


def test_the_toolbar_works_by_keyboard_persists_across_pages_and_stays_accessible(browser_page, some_items, axe_audit, save_shot):
    page = browser_page
    page.goto("/")
    bar = page.get_by_role("toolbar", name="无障碍与适老化")
    assert bar.is_visible() and classes(page) == []
    font_before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    # Keyboard only: the skip link first, then the toolbar's buttons.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "放大字号"
    page.keyboard.press("Enter")
    assert "a11y-text-1" in classes(page)
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > font_before
    for _ in range(2):
        page.keyboard.press("Tab")  # → 缩小字号 → 高对比度
    assert page.evaluate("document.activeElement.textContent") == "高对比度"
    page.keyboard.press("Space")
    contrast = bar.get_by_role("button", name="高对比度")
    assert contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    bar.get_by_role("button", name="加大行距").click()
    bar.get_by_role("button", name="阅读辅助线").click()
    page.mouse.move(300, 400)
    assert page.locator("#a11y-guide-line").is_visible()
    assert axe_audit(page) == []
    save_shot(page, "a11y-home-contrast")

    # The next page opens in the same modes, already applied before the toolbar is wired.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="公开目录").click()
    page.get_by_role("heading", name="政府信息公开目录", level=1).wait_for()
    assert {"a11y-text-1", "a11y-contrast", "a11y-spacing", "a11y-guide"} <= set(classes(page))
    assert page.get_by_role("toolbar", name="无障碍与适老化").get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    assert axe_audit(page) == []
    save_shot(page, "a11y-catalog-contrast")

    # Twice larger is the most; 恢复默认 returns to the plain page, here and on the next one.
    bar = page.get_by_role("toolbar", name="无障碍与适老化")
    bar.get_by_role("button", name="放大字号").click()
    assert "a11y-text-2" in classes(page) and bar.get_by_role("button", name="放大字号").is_disabled()
    assert axe_audit(page) == []
    bar.get_by_role("button", name="恢复默认").click()
    assert classes(page) == []
    page.reload()
    assert classes(page) == []
