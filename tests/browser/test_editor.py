"""The workbench's visual editor in Chromium: the body is edited as formatted text, what is pasted from
Word loses its mso- styles, classes and spans, the HTML source is one click away, and the server's
sanitiser still has the last word; a body with a table opens as source so that nothing is lost."""
from __future__ import annotations

from gongkai.catalog.models import Revision
from tests.browser.conftest import expect_message, log_in

WORD_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>'
    '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->'
    '<p class="MsoNormal" style="mso-fareast-font-family:宋体;text-indent:2em">'
    '<span lang="ZH-CN" style="font-family:仿宋_GB2312;mso-bidi-font-size:16pt">一、申报条件</span><o:p></o:p></p>'
    '<p class="MsoNormal"><b><span style="mso-spacerun:yes">申报单位须为省内注册的企业。</span></b></p>'
    '<p onclick="alert(1)">联系人：<font color="red">王老师</font></p></body></html>'
)


def paste_html(page, html: str) -> None:
    page.get_by_role("textbox", name="正文").click()
    page.evaluate("""html => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', html.replace(/<[^>]+>/g, ''));
        document.querySelector('.ql-editor').dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", html)


def test_a_clerk_writes_and_pastes_from_word_in_the_visual_editor(browser_page, clerk, dept, axe_audit, save_shot):
    page = browser_page
    log_in(page, "clerk")
    page.get_by_role("link", name="起草新条目").first.click()
    page.get_by_label("信息名称").fill("关于申报2026年度科技型企业研发补助的通知")
    page.get_by_label("生成日期").fill("2026-03-02")
    editor = page.get_by_role("textbox", name="正文")
    assert editor.is_visible() and not page.locator("textarea#id_body").is_visible()
    paste_html(page, WORD_HTML)
    page.get_by_role("button", name="加粗").wait_for()
    assert axe_audit(page) == []
    save_shot(page, "editor-word-paste")
    page.get_by_role("button", name="保存草稿").click()
    expect_message(page, "已保存")
    body = Revision.objects.get().body
    assert "一、申报条件" in body and "<strong>申报单位须为省内注册的企业。</strong>" in body and "王老师" in body
    for residue in ("mso-", "class=", "<span", "<font", "style=", "onclick", "o:p", "仿宋"):
        assert residue not in body, (residue, body)


def test_a_body_with_a_table_opens_as_html_source_and_keeps_the_table(browser_page, clerk, dept, draft):
    revision = draft.revisions.get()
    Revision.objects.filter(pk=revision.pk).update(body="<p>附表：</p><table><tr><td>项目</td><td>金额</td></tr></table>")
    page = browser_page
    log_in(page, "clerk")
    page.goto(f"/workbench/revisions/{revision.pk}/edit/")
    source = page.locator("textarea#id_body")
    assert source.is_visible() and "<table>" in source.input_value()
    assert page.get_by_role("button", name="返回可视化编辑").is_visible()
    page.get_by_role("button", name="保存草稿").click()
    expect_message(page, "已保存")
    assert "<table>" in Revision.objects.get(pk=revision.pk).body
