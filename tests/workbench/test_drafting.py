"""Drafting and editing in the workbench: attachments checked by content and size, errors in Chinese,
and what the clerk typed kept when something is refused."""
from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from gongkai.catalog.models import Attachment, Item
from gongkai.orgs.models import Department, Membership, Role

from .conftest import PDF, client_for, form_data, page_text, pdf


def test_a_text_file_named_pdf_is_refused_by_its_content_and_the_form_keeps_what_was_typed(as_clerk, dept, topic):
    fake = pdf("伪装的文件.pdf", "这其实是一个文本文件".encode())
    response = as_clerk.post(reverse("workbench:item_new"),
                             {**form_data(dept, topic, title="关于专利资助的通知"), "attachments": [fake]})
    page = page_text(response)
    assert response.status_code == 200
    assert "附件“伪装的文件.pdf”不是允许的文件类型" in page
    assert 'value="关于专利资助的通知"' in page and "黔科通〔2026〕12号" in page
    assert Item.objects.count() == 0  # nothing half-saved: the draft waits for a corrected form


def test_a_real_pdf_is_accepted_and_more_files_can_be_added_at_once(as_clerk, dept, topic):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = as_clerk.post(reverse("workbench:item_new"), {
        **form_data(dept, topic), "attachments": [pdf(), pdf("图表.png", png)]})
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("name", "content_type")) == [
        ("图表.png", "image/png"), ("申报指南.pdf", "application/pdf")]


@override_settings(GONGKAI_MAX_ATTACHMENT_BYTES=len(PDF) + 10)
def test_a_file_over_the_size_limit_is_refused(as_clerk, dept, topic):
    big = pdf("大文件.pdf", PDF + b"0" * 100)
    page = page_text(as_clerk.post(reverse("workbench:item_new"), {**form_data(dept, topic), "attachments": [big]}))
    assert "附件“大文件.pdf”超过大小上限" in page
    assert Item.objects.count() == 0
    response = as_clerk.post(reverse("workbench:item_new"), {**form_data(dept, topic), "attachments": [pdf()]})
    assert response.status_code == 302


def test_missing_required_fields_are_named_in_chinese(as_clerk, dept):
    page = page_text(as_clerk.post(reverse("workbench:item_new"), form_data(dept, title="", created_on="")))
    assert "未能保存" in page and "请填写信息名称" in page and "请填写生成日期" in page and "这个字段是必填项" not in page
    assert Item.objects.count() == 0


def test_a_department_of_another_agency_cannot_be_chosen(as_clerk, other_org):
    theirs = Department.objects.create(org=other_org, name="基础教育处")
    page = page_text(as_clerk.post(reverse("workbench:item_new"), form_data(theirs)))
    assert "责任处室的选项无效，请从列表中选择" in page and Item.objects.count() == 0


def test_a_title_too_long_is_refused_naming_the_field(as_clerk, dept):
    page = page_text(as_clerk.post(reverse("workbench:item_new"), form_data(dept, title="长" * 301)))
    assert "信息名称不能超过 300 个字符（现有 301 个）" in page and "确保该变量" not in page
    assert Item.objects.count() == 0


def test_rich_text_is_sanitised_when_saved_from_the_form(as_clerk, dept, topic):
    body = '<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:x()">链接</a></p>'
    as_clerk.post(reverse("workbench:item_new"), form_data(dept, topic, body=body))
    saved = Item.objects.get().revisions.get().body
    assert "正文" in saved and "script" not in saved and "onclick" not in saved and "javascript" not in saved


def test_editing_a_draft_updates_it_and_removes_ticked_attachments(as_clerk, dept, topic):
    as_clerk.post(reverse("workbench:item_new"), {**form_data(dept, topic), "attachments": [pdf()]})
    item = Item.objects.get()
    rev = item.revisions.get()
    url = reverse("workbench:revision_edit", args=[rev.pk])
    assert "申报指南.pdf" in page_text(as_clerk.get(url))
    attachment = rev.attachments.get()
    response = as_clerk.post(url, {**form_data(dept, topic, title="关于申报项目的通知（修改稿）"),
                                   "remove_attachments": [attachment.pk]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "关于申报项目的通知（修改稿）" and not rev.attachments.exists()


def test_a_submitted_draft_can_no_longer_be_edited(as_clerk, draft, dept, topic):
    rev = draft.revisions.get()
    as_clerk.post(reverse("workbench:revision_advance", args=[rev.pk]), {"action": "submit"})
    url = reverse("workbench:revision_edit", args=[rev.pk])
    assert "只有草稿或被退回的稿件可以修改" in page_text(as_clerk.get(url, follow=True))
    as_clerk.post(url, form_data(dept, topic, title="偷偷修改"))
    draft.refresh_from_db()
    assert draft.title != "偷偷修改"


def test_only_a_clerk_may_open_a_draft_for_editing(as_supervisor, draft, dept, topic):
    url = reverse("workbench:revision_edit", args=[draft.revisions.get().pk])
    assert "只有本机关的信息员可以修改稿件" in page_text(as_supervisor.get(url, follow=True))
    as_supervisor.post(url, form_data(dept, topic, title="主管改的标题"))
    draft.refresh_from_db()
    assert draft.title != "主管改的标题"


def test_a_clerk_of_two_agencies_chooses_which_one_drafts(clerk, dept, other_org):
    theirs = Department.objects.create(org=other_org, name="基础教育处")
    Membership.objects.create(user=clerk, org=other_org, department=theirs, role=Role.CLERK)
    client = client_for(clerk)
    assert "发布机关" in page_text(client.get(reverse("workbench:item_new")))
    mismatch = page_text(client.post(reverse("workbench:item_new"), {**form_data(dept), "org": other_org.pk}))
    assert "责任处室不属于所选机关" in mismatch and Item.objects.count() == 0
    client.post(reverse("workbench:item_new"), {**form_data(theirs, title="教育厅的通知"), "org": other_org.pk})
    assert Item.objects.get().org == other_org
