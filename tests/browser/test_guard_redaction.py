"""In a real browser: the 公开主管 meets an item the confidentiality guard blocks (an ID number in
the body and in a PDF attachment), selects the number and redacts it, clears the review; the clerk
publishes. The published page, the downloaded PDF's text and the search index hold only the
redacted text."""
from __future__ import annotations

import io

from pypdf import PdfReader

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from gongkai.search.selectors import search_items
from tests.browser.conftest import expect_message, log_in, log_out
from tests.catalog.test_guard import ID, to_secrecy_review
from tests.conftest import item_data
from tests.textguard import files

TITLE = "关于2026年度科技特派员人选的公示"
BODY = f"<p>经单位推荐、专家评审，拟选派张三（身份证号码{ID}）为科技特派员，公示期五个工作日。</p>"

SELECT_IN_BODY = """(id) => {
  const box = [...document.querySelectorAll('details.guard-source')].find(d => d.querySelector('summary').textContent.startsWith('正文'));
  const mark = [...box.querySelectorAll('mark')].find(m => m.textContent === id);
  const range = document.createRange();
  range.selectNodeContents(mark);
  const sel = document.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}"""


def test_a_reviewer_redacts_an_id_in_the_body_and_the_pdf_then_only_the_redacted_text_is_published(
        browser_page, save_shot, org, dept, clerk, dept_head, supervisor, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, title=TITLE, body=BODY))
    pdf = files.pdf(["科技特派员人选公示名单", f"张三 身份证{ID} 贵州大学"], ["第二页：公示期间如有异议请来电来函"])
    attachment = catalog.attachment_add(revision_id=item.revisions.get().pk, by=clerk, name="公示名单.pdf", content=pdf)
    to_secrecy_review(item, clerk, dept_head)

    page = browser_page
    log_in(page, "supervisor")
    page.goto(f"/workbench/items/{item.pk}/")
    page.get_by_text("发现 2 处不得公开的内容").wait_for()
    save_shot(page, "guard-1-blocked")
    page.get_by_role("button", name="保密审查通过").click()
    expect_message(page, "保密审查发现不得公开的内容")

    page.evaluate(SELECT_IN_BODY, ID)
    field = page.get_by_label("要删除的文字")
    page.wait_for_function("(id) => document.querySelector('[data-guard-selection]').value === id", arg=ID)
    assert field.input_value() == ID
    page.get_by_role("button", name="删除", exact=True).click()
    expect_message(page, "已删除")
    assert page.get_by_text("不得公开的内容").count() == 0
    save_shot(page, "guard-2-redacted")
    page.get_by_role("button", name="保密审查通过").click()
    expect_message(page, "保密审查已通过")
    log_out(page)

    log_in(page, "clerk")
    page.goto(f"/workbench/items/{item.pk}/")
    page.get_by_role("button", name="立即发布").click()
    expect_message(page, "已发布")
    log_out(page)

    item = Item.objects.get(pk=item.pk)
    page.goto(f"/items/{item.index_number}/")
    page.get_by_role("heading", name=TITLE).wait_for()
    body = page.locator("main").inner_text()
    assert ID not in body and "█" * 18 in body
    save_shot(page, "guard-3-published")
    link = page.get_by_role("link", name="公示名单.pdf")
    published = page.request.get(link.get_attribute("href")).body()
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(published)).pages)
    assert ID not in text and "公示期间如有异议" in text
    assert search_items(ID).ids == [] and search_items("科技特派员").ids == [item.pk]
    with attachment.file.open("rb") as fh:
        assert ID in files.pdf_text(fh.read())  # the internal record keeps the original
