"""The workbench links an interpretation to its document (解读对象), offers 起草本文件的政策解读 on the
document's page, and shows the 谁起草、谁解读 warning when a document is published without one."""
from __future__ import annotations

from django.urls import reverse

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from tests.conftest import item_data

from .conftest import client_for, form_data, page_text


def test_staff_link_an_interpretation_to_its_document_from_the_documents_page(as_clerk, org, dept, clerk, topic):
    document = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, kind="regulation", title="贵州省技术市场管理办法"))
    page = page_text(as_clerk.get(reverse("workbench:item", args=[document.pk])))
    assert "本文件还没有政策解读" in page and "起草本文件的政策解读" in page
    form = page_text(as_clerk.get(reverse("workbench:item_new") + f"?interprets={document.pk}"))
    assert f'<option value="{document.pk}" selected>' in form
    response = as_clerk.post(reverse("workbench:item_new"), {
        **form_data(dept, topic, kind="interpretation", title="《贵州省技术市场管理办法》解读", document_number=""),
        "interprets": document.pk, "video_url": "https://v.example.gov.cn/1", "qa": "问：谁适用？\n答：技术交易各方。"})
    assert response.status_code == 302
    interpretation = Item.objects.get(kind="interpretation")
    assert interpretation.interprets == document and interpretation.revisions.get().interprets == document
    assert "《贵州省技术市场管理办法》解读" in page_text(as_clerk.get(reverse("workbench:item", args=[document.pk])))
    assert "贵州省技术市场管理办法" in page_text(as_clerk.get(reverse("workbench:item", args=[interpretation.pk])))


def test_an_item_of_another_kind_cannot_name_a_document(as_clerk, org, dept, clerk, topic):
    document = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, kind="regulation"))
    page = page_text(as_clerk.post(reverse("workbench:item_new"), {**form_data(dept, topic, kind="notice"), "interprets": document.pk}))
    assert "只有类别为“政策解读”的信息可以选择解读对象" in page


def test_publishing_a_document_without_an_interpretation_warns(org, dept, clerk, dept_head, supervisor):
    document = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, kind="normative_document"))
    rev = document.revisions.get()
    for action, by in (("submit", clerk), ("dept_approve", dept_head), ("secrecy_approve", supervisor)):
        catalog.revision_advance(revision_id=rev.pk, action=action, by=by)
    response = client_for(clerk).post(reverse("workbench:revision_advance", args=[rev.pk]), {"action": "publish"}, follow=True)
    page = page_text(response)
    assert "已发布" in page and "谁起草、谁解读" in page and "wb-message--warning" in page
