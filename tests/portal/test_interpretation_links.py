"""政策解读 ↔ 政策文件 on the portal: the document's page lists its published interpretations, the
interpretation's page names and links its document; drafts show on neither; queries stay constant."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog import services as catalog
from gongkai.portal.selectors import catalog_changed


def test_an_interpretation_and_its_document_link_to_each_other(client, make_item, publish, org, clerk):
    document = publish(make_item(kind="normative_document", title="贵州省科技计划项目管理办法"))
    interpretation = publish(make_item(kind="interpretation", title="《管理办法》政策解读", interprets=document,
                                       video_url="https://video.example.gov.cn/1", qa="问：何时施行？\n答：自发布之日起。"))
    draft = make_item(kind="interpretation", title="尚未发布的另一篇解读", interprets=document)
    page = client.get(f"/items/{document.index_number}/").content.decode()
    assert "政策解读" in page and "《管理办法》政策解读" in page and f"/items/{interpretation.index_number}/" in page
    assert draft.title not in page
    page = client.get(f"/items/{interpretation.index_number}/").content.decode()
    assert "解读对象" in page and f"/items/{document.index_number}/" in page and "贵州省科技计划项目管理办法" in page
    assert "问：何时施行？" in page and "https://video.example.gov.cn/1" in page


def test_a_withdrawn_document_is_not_linked_from_its_interpretation(client, make_item, publish, supervisor):
    document = publish(make_item(kind="regulation", title="将被撤回的规章"))
    interpretation = publish(make_item(kind="interpretation", title="规章解读", interprets=document))
    catalog.item_withdraw(item_id=document.pk, by=supervisor, reason="依法废止")
    page = client.get(f"/items/{interpretation.index_number}/").content.decode()
    assert "将被撤回的规章" not in page


def test_the_item_page_reads_the_same_number_of_rows_with_one_or_many_interpretations(
        client, make_item, publish):
    document = publish(make_item(kind="regulation", title="规章"))
    publish(make_item(kind="interpretation", title="解读一", interprets=document))
    client.get(f"/items/{document.index_number}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/items/{document.index_number}/")
    for n in range(3):
        publish(make_item(kind="interpretation", title=f"解读{n}", interprets=document))
    catalog_changed()  # what the commit of a publication does (core/pagecache.py); tests never commit
    client.get(f"/items/{document.index_number}/")
    with CaptureQueriesContext(connection) as many:
        assert "解读2" in client.get(f"/items/{document.index_number}/").content.decode()
    assert len(many.captured_queries) == len(one.captured_queries) <= 2
