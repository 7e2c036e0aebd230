"""保密审查 in the review chain: a blocking finding stops publication until it is redacted or the
公开主管 overrides it in writing; what is published holds only the redacted text — the page, the
downloaded PDF and the search index — while the revision keeps the original."""
from __future__ import annotations

import pytest
from django.core.cache import cache

from gongkai.audit.models import AuditEntry
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Revision
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.search.selectors import search_items
from gongkai.textguard.models import RedactionRule, SensitiveWord

from ..conftest import item_data
from ..textguard import files

ID = "11010519491231002X"
BODY = f"<p>经核查，申请人张三（身份证号码{ID}）符合条件，联系电话13812345678。专利权人须提交证明材料。</p>"


@pytest.fixture
def draft_with_id(org, dept, clerk, topic):
    return catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, body=BODY))


def to_secrecy_review(item, clerk, dept_head) -> Revision:
    rev = item.revisions.get(status__in=["draft", "returned"])
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
    catalog.revision_advance(revision_id=rev.pk, action="dept_approve", by=dept_head)
    return Revision.objects.get(pk=rev.pk)


def approve_and_publish(rev, supervisor, clerk) -> Item:
    catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)
    catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    return Item.objects.get(pk=rev.item_id)


def test_an_id_number_in_the_body_stops_the_secrecy_review(draft_with_id, clerk, dept_head, supervisor):
    rev = to_secrecy_review(draft_with_id, clerk, dept_head)
    with pytest.raises(InvalidInput, match=f"正文中的身份证号码“{ID}”"):
        catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)
    assert Revision.objects.get(pk=rev.pk).status == "secrecy_review"


def test_warnings_alone_do_not_stop_it(org, dept, clerk, dept_head, supervisor, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic,
                                     body="<p>咨询电话0851-85891234，邮箱kjt@gz.gov.cn。此件为内部资料。</p>"))
    item = approve_and_publish(to_secrecy_review(item, clerk, dept_head), supervisor, clerk)
    assert item.status == Item.Status.PUBLISHED and "0851-85891234" in item.body_text


def test_a_classification_mark_in_the_title_blocks_too_but_national_secret_in_running_text_does_not(org, dept, clerk, dept_head, supervisor, topic):
    marked = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, title="机密★1年 关于项目经费的通知"))
    with pytest.raises(InvalidInput, match="信息名称中的密级标志"):
        approve_and_publish(to_secrecy_review(marked, clerk, dept_head), supervisor, clerk)
    running = catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, topic=topic, title="关于不予公开范围的说明", body="<p>属于国家秘密的不予公开；涉及商业秘密、个人隐私的，依法处理。</p>"))
    assert approve_and_publish(to_secrecy_review(running, clerk, dept_head), supervisor, clerk).is_published


def test_the_supervisor_overrides_with_a_written_reason_which_is_audited(draft_with_id, clerk, dept_head, supervisor):
    rev = to_secrecy_review(draft_with_id, clerk, dept_head)
    with pytest.raises(NotAllowed):
        catalog.revision_guard_override(revision_id=rev.pk, by=clerk, reason="本人同意公开")
    with pytest.raises(InvalidInput, match="理由"):
        catalog.revision_guard_override(revision_id=rev.pk, by=supervisor, reason="  ")
    catalog.revision_guard_override(revision_id=rev.pk, by=supervisor, reason="当事人书面同意公开其身份信息")
    entry = AuditEntry.objects.get(action="item.guard_override")
    assert entry.actor_id == supervisor.pk and entry.data["reason"] == "当事人书面同意公开其身份信息"
    assert entry.data["kinds"] == ["id_card"] and ID not in str(entry.data)
    item = approve_and_publish(Revision.objects.get(pk=rev.pk), supervisor, clerk)
    assert ID in item.body_text


def test_an_override_covers_only_the_findings_it_saw(draft_with_id, clerk, dept_head, supervisor):
    rev = to_secrecy_review(draft_with_id, clerk, dept_head)
    catalog.revision_guard_override(revision_id=rev.pk, by=supervisor, reason="当事人书面同意公开")
    catalog.revision_advance(revision_id=rev.pk, action="secrecy_return", by=supervisor, comment="补充")
    catalog.revision_update(revision_id=rev.pk, by=clerk, data={"body": BODY + "<p>另一人440304199003074510</p>"})
    rev = to_secrecy_review(Item.objects.get(pk=rev.item_id), clerk, dept_head)
    with pytest.raises(InvalidInput, match="440304199003074510"):
        catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)


def test_redacting_the_body_publishes_blocks_and_keeps_the_original_in_the_record(draft_with_id, clerk, dept_head, supervisor):
    rev = to_secrecy_review(draft_with_id, clerk, dept_head)
    with pytest.raises(NotAllowed):
        catalog.revision_redact(revision_id=rev.pk, by=clerk, text=ID)
    with pytest.raises(InvalidInput, match="没有这段文字"):
        catalog.revision_redact(revision_id=rev.pk, by=supervisor, text="不存在的文字")
    catalog.revision_redact(revision_id=rev.pk, by=supervisor, text=ID)
    catalog.revision_redact(revision_id=rev.pk, by=supervisor, text="13812345678", mode="label")
    item = approve_and_publish(Revision.objects.get(pk=rev.pk), supervisor, clerk)
    assert f"身份证号码{'█' * 18}）" in item.body_text and "联系电话［已删除］" in item.body_text
    assert ID not in item.body and "13812345678" not in item.body
    assert ID in Revision.objects.get(pk=rev.pk).body  # the internal record
    assert search_items("专利权人").ids == [item.pk]
    assert search_items("11010519491231002x").ids == [] and search_items("13812345678").ids == []
    audit = AuditEntry.objects.filter(action="item.redacted").first()
    assert audit.data["length"] == 18 and ID not in str(audit.data)


def test_a_redaction_can_be_taken_back_during_the_review(draft_with_id, clerk, dept_head, supervisor):
    rev = to_secrecy_review(draft_with_id, clerk, dept_head)
    catalog.revision_redact(revision_id=rev.pk, by=supervisor, text=ID)
    catalog.revision_unredact(revision_id=rev.pk, by=supervisor, index=0)
    with pytest.raises(InvalidInput, match="身份证号码"):
        catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)


def add(rev_item, clerk, name, content):
    rev = rev_item.revisions.get(status="draft")
    return catalog.attachment_add(revision_id=rev.pk, by=clerk, name=name, content=content)


def test_a_pdf_attachment_is_redacted_for_real_in_the_published_file(client, org, dept, clerk, dept_head, supervisor, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))
    pdf = files.pdf(["公示名单：张三", f"身份证{ID}，项目经费十万元"], ["第二页：评审意见汇总"])
    attachment = add(item, clerk, "公示名单.pdf", pdf)
    assert attachment.text_status == "ok" and ID in attachment.text
    rev = to_secrecy_review(item, clerk, dept_head)
    with pytest.raises(InvalidInput, match="附件“公示名单.pdf”中的身份证号码"):
        catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)
    catalog.revision_redact(revision_id=rev.pk, by=supervisor, text=ID)
    item = approve_and_publish(Revision.objects.get(pk=rev.pk), supervisor, clerk)

    response = client.get(f"/attachments/{attachment.pk}/")
    published = b"".join(response.streaming_content)
    text = files.pdf_text(published)
    assert ID not in text and "第二页：评审意见汇总" in text  # the untouched page keeps its text layer
    import io

    from pypdf import PdfReader
    pages = PdfReader(io.BytesIO(published)).pages
    assert len(pages) == 2 and (pages[0].extract_text() or "").strip() == ""  # the redacted page is an image
    assert page_has_black_box(published)
    with attachment.file.open("rb") as fh:
        assert ID in files.pdf_text(fh.read())  # the original stays in the internal record
    assert search_items("评审意见").ids == [item.pk] and search_items(ID).ids == []
    assert search_items("项目经费").ids == [item.pk]  # the redacted page's other words stay searchable


def page_has_black_box(content: bytes) -> bool:
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(content)[0].render(scale=1).to_pil().convert("L")
    return sum(image.histogram()[:20]) > 500  # dark pixels: the box painted over the number


def test_an_organisation_rule_redacts_everything_published(org, dept, clerk, dept_head, supervisor, topic):
    RedactionRule.objects.create(org=org, pattern=r"合同编号HT\d{6}", is_regex=True)
    RedactionRule.objects.create(org=org, pattern="王五", mode="label")
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, topic=topic, title="王五项目验收结果", body="<p>合同编号HT202601已验收，负责人王五。</p>"))
    attachment = add(item, clerk, "验收.pdf", files.pdf(["验收材料：合同编号HT202601"]))
    item = approve_and_publish(to_secrecy_review(item, clerk, dept_head), supervisor, clerk)
    assert item.title == "［已删除］项目验收结果"
    assert item.body_text == "█" * 12 + "已验收，负责人［已删除］。"
    attachment.refresh_from_db()
    with attachment.published_file.open("rb") as fh:
        assert "HT202601" not in files.pdf_text(fh.read())


def test_a_docx_attachment_holding_a_redacted_text_is_refused_not_leaked(org, dept, clerk, dept_head, supervisor, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, body=BODY))
    add(item, clerk, "名单.docx", files.docx([f"张三 {ID}"]))
    rev = to_secrecy_review(item, clerk, dept_head)
    catalog.revision_redact(revision_id=rev.pk, by=supervisor, text=ID)
    with pytest.raises(InvalidInput, match="只能对 PDF 附件做遮盖处理"):
        catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)


def test_the_organisations_sensitive_words_are_reported_to_the_reviewer(org, dept, clerk, dept_head, topic):
    from gongkai.catalog.guard import revision_review

    SensitiveWord.objects.create(org=org, word="项目底价")
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, body="<p>项目底价另行通知，此件注意保密。</p>"))
    add(item, clerk, "扫描件.pdf", files.scanned_pdf())
    review = revision_review(to_secrecy_review(item, clerk, dept_head))
    body = next(s for s in review.sources if s.key == "body")
    assert [(f.kind, f.text) for f in body.findings] == [("sensitive_word", "项目底价"), ("sensitive_word", "注意保密")]
    scan = next(s for s in review.sources if s.attachment is not None)
    assert "没有文字层" in scan.note and review.blocking() == []


def test_search_finds_a_word_inside_a_published_attachment_and_names_it(client, org, dept, clerk, dept_head, supervisor, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))
    add(item, clerk, "评分细则.docx", files.docx(["量子通信专项评分细则"]))
    add(item, clerk, "汇总表.xlsx", files.xlsx([["单位", "金额"], ["贵州大学", 100]]))
    item = approve_and_publish(to_secrecy_review(item, clerk, dept_head), supervisor, clerk)
    cache.clear()
    assert search_items("量子通信").ids == [item.pk] and search_items("贵州大学").ids == [item.pk]
    html = client.get("/search/", {"q": "量子通信"}).content.decode()
    assert "见附件" in html and "评分细则.docx" in html and "<mark>量子通信</mark>" in html
