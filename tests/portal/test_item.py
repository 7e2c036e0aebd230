"""The item page (its metadata table, body and attachments) and the attachment download."""
import re

import pytest

from gongkai.catalog import services as catalog

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def meta_rows(html: str) -> dict[str, str]:
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', html, re.S)
    return {label: re.sub(r"<[^>]+>", " ", value).strip() for label, value in rows}


def test_it_shows_the_metadata_table_the_regulation_asks_for(client, published, topic, dept):
    item = published(title="关于组织申报2026年度省科技计划项目的通知", keywords="科技计划 专利", publisher="贵州省科学技术厅")
    html = client.get(f"/items/{item.index_number}/").content.decode()
    rows = meta_rows(html)
    assert rows["索引号"] == item.index_number
    assert rows["信息名称"] == item.title
    assert rows["发布机构"] == "贵州省科学技术厅"
    assert rows["生成日期"] == "2026-03-02"
    assert rows["发布日期"] == item.published_on.isoformat()
    assert rows["文号"] == "黔科通〔2026〕12号"
    assert rows["主题分类"] == topic.name
    assert rows["有效性"] == "有效"
    assert re.split(r"\s+", rows["关键词"]) == ["科技计划", "专利"]
    assert "<table" in html and f"<title>{item.title}" in html


def test_it_shows_the_sanitised_body_and_nothing_the_sanitiser_removed(client, published):
    item = published(body='<p>正文第一段</p><script>alert("x")</script><p><a href="javascript:evil()">链接</a><img src=x onerror=boom()></p>')
    html = client.get(f"/items/{item.index_number}/").content.decode()
    assert "<p>正文第一段</p>" in html
    assert "alert(" not in html and "javascript:" not in html and "onerror" not in html


def test_an_item_is_found_by_its_id_as_well(client, published):
    item = published()
    assert client.get(f"/items/{item.pk}/").status_code == 200


def test_the_attachments_of_the_published_revision_are_listed_and_downloadable(client, make_item, publish, clerk):
    draft = make_item()
    attachment = catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="2026年度申报指南.pdf", content=PDF)
    item = publish(draft)
    html = client.get(f"/items/{item.index_number}/").content.decode()
    assert f'href="/attachments/{attachment.pk}/"' in html and "2026年度申报指南.pdf" in html
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''2026%E5%B9%B4" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")


def test_an_attachment_is_only_served_while_it_belongs_to_what_is_published(client, make_item, publish, clerk, supervisor):
    draft = make_item()
    first = catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="初稿.pdf", content=PDF)
    assert client.get(f"/attachments/{first.pk}/").status_code == 404  # a draft's file
    item = publish(draft)
    assert client.get(f"/attachments/{first.pk}/").status_code == 200

    revision = catalog.item_revise(item_id=item.pk, by=clerk)
    copied = revision.attachments.get()
    added = catalog.attachment_add(revision_id=revision.pk, by=clerk, name="修订稿附件.pdf", content=PDF + b"%")
    assert client.get(f"/attachments/{added.pk}/").status_code == 404  # still under review
    assert client.get(f"/attachments/{copied.pk}/").status_code == 404
    assert "修订稿附件.pdf" not in client.get(f"/items/{item.index_number}/").content.decode()

    catalog.item_withdraw(item_id=item.pk, by=supervisor, reason="内容有误")
    assert client.get(f"/attachments/{first.pk}/").status_code == 404  # withdrawn
    assert client.get("/attachments/999999/").status_code == 404


def test_a_missing_attachment_file_is_a_404_not_a_server_error(client, make_item, publish, clerk, settings, tmp_path):
    draft = make_item()
    attachment = catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="附件.pdf", content=PDF)
    publish(draft)
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize("key", ["nope", "0", "99999", "²", "11520000009390012X/2026-99999", "../../etc/passwd"])
def test_a_key_that_names_no_published_item_is_a_404(client, published, key):
    published()
    assert client.get(f"/items/{key}/").status_code == 404


def test_once_a_revision_is_published_the_previous_revisions_files_are_no_longer_served(client, make_item, publish, clerk):
    draft = make_item()
    old = catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="旧附件.pdf", content=PDF)
    item = publish(draft)
    revision = catalog.item_revise(item_id=item.pk, by=clerk)
    new = catalog.attachment_add(revision_id=revision.pk, by=clerk, name="新附件.pdf", content=PDF + b"%")
    publish(item)
    html = client.get(f"/items/{item.index_number}/").content.decode()
    assert "新附件.pdf" in html and client.get(f"/attachments/{new.pk}/").status_code == 200
    assert client.get(f"/attachments/{old.pk}/").status_code == 404


def test_the_attachment_list_follows_a_new_published_revision_although_it_is_cached(client, make_item, publish, clerk):
    draft = make_item()
    catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="旧附件.pdf", content=PDF)
    item = publish(draft)
    revision = catalog.item_revise(item_id=item.pk, by=clerk)
    catalog.attachment_add(revision_id=revision.pk, by=clerk, name="新附件.pdf", content=PDF + b"%")
    catalog.attachment_remove(attachment_id=revision.attachments.get(name="旧附件.pdf").pk, by=clerk)
    # Seen while the revision is under review: the public still gets the published revision's file.
    html = client.get(f"/items/{item.index_number}/").content.decode()
    assert "旧附件.pdf" in html and "新附件.pdf" not in html
    publish(item)
    html = client.get(f"/items/{item.index_number}/").content.decode()
    assert "新附件.pdf" in html and "旧附件.pdf" not in html
