"""The public read-only API: what it lists, searches and reads, and what it never reveals."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Topic
from gongkai.search.selectors import search_items
from tests.conftest import item_data

LIST = "/api/v1/items/"


def detail(key) -> str:
    return f"/api/v1/items/{key}/"


@pytest.fixture
def published(draft, publish):
    return publish(draft)


@pytest.fixture
def unpublished_items(org, dept, topic, clerk, dept_head, supervisor, publish):
    """A draft, one in review and a withdrawn one — all with the word 专利 that a search would find."""
    def make(title):
        return catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, title=title))

    draft = make("专利资助草稿")
    in_review = make("专利资助送审稿")
    rev = in_review.revisions.get()
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
    catalog.revision_advance(revision_id=rev.pk, action="dept_approve", by=dept_head)
    withdrawn = publish(make("专利资助撤回稿"))
    index_number = withdrawn.index_number
    catalog.item_withdraw(item_id=withdrawn.pk, by=supervisor, reason="内容有误")
    return {"draft": draft, "in_review": in_review, "withdrawn": withdrawn, "withdrawn_index": index_number}


def make_published(org, dept, clerk, publish, n, **overrides):
    items = []
    for i in range(n):
        draft = catalog.item_create_draft(
            org=org, by=clerk, data=item_data(dept=dept, title=f"关于科技项目的通知之{i}", **overrides)
        )
        items.append(publish(draft))
    return items


def test_it_lists_published_items_with_their_catalogue_fields(client, published, org, dept):
    res = client.get(LIST)
    assert res.status_code == 200
    body = res.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    row = body["results"][0]
    assert row["index_number"] == published.index_number
    assert row["index_number"].startswith("11520000009390012X/")
    assert row["title"] == "关于组织申报2026年度省科技计划项目的通知"
    assert row["org"] == "gzsti"
    assert row["department"] == dept.name
    assert row["topic"] == "科技"
    assert (row["kind"], row["kind_label"]) == ("notice", "通知公告")
    assert row["document_number"] == "黔科通〔2026〕12号"
    assert row["created_on"] == "2026-03-02"
    assert row["published_on"] == published.published_on.isoformat()
    assert row["url"] == f"http://testserver/items/{published.index_number}/"
    assert "body" not in row


def test_it_reads_one_item_by_index_number_and_by_id(client, published):
    by_index = client.get(detail(published.index_number))
    by_id = client.get(detail(published.pk))
    assert by_index.status_code == 200 and by_id.status_code == 200
    assert by_index.json() == by_id.json()
    item = by_index.json()
    assert "专利权人须提交证明材料" in item["body"] and "<p>" in item["body"]
    assert "<" not in item["body_text"] and "专利权人" in item["body_text"]
    assert item["attachments"] == []


def test_it_serves_sanitised_html_only(client, org, dept, clerk, publish):
    draft = catalog.item_create_draft(
        org=org, by=clerk, data=item_data(dept=dept, body='<p onclick="x()">正文</p><script>alert(1)</script>')
    )
    body = client.get(detail(publish(draft).pk)).json()["body"]
    assert "script" not in body and "onclick" not in body and "正文" in body


def test_it_lists_the_public_attachments_with_download_links(client, draft, clerk, publish):
    rev = draft.revisions.get()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    att = catalog.attachment_add(revision_id=rev.pk, by=clerk, name="申报指南.pdf", content=pdf)
    item = publish(draft)
    [shown] = client.get(detail(item.index_number)).json()["attachments"]
    assert shown == {"name": "申报指南.pdf", "size": len(pdf), "content_type": "application/pdf",
                     "url": f"http://testserver/attachments/{att.pk}/"}


def test_it_keeps_showing_the_published_revision_while_a_new_one_is_reviewed(client, published, clerk):
    rev = catalog.item_revise(item_id=published.pk, by=clerk)
    catalog.revision_update(revision_id=rev.pk, by=clerk, data={"title": "尚未审核的新标题"})
    assert client.get(detail(published.pk)).json()["title"] == "关于组织申报2026年度省科技计划项目的通知"
    assert client.get(LIST).json()["results"][0]["title"] == "关于组织申报2026年度省科技计划项目的通知"


def _every_title(client, **params) -> set[str]:
    return {row["title"] for row in client.get(LIST, {"page_size": 100, **params}).json()["results"]}


@pytest.mark.parametrize("who", [None, "clerk", "supervisor", "outsider"])
def test_it_never_shows_unpublished_or_withdrawn_items_to_anyone(
    client, published, unpublished_items, who, request
):
    """The API is public-only: the agency's own staff and another agency's staff see what the public sees."""
    if who:
        client.force_login(request.getfixturevalue(who))
    assert _every_title(client) == {published.title}
    assert _every_title(client, q="专利") == {published.title}  # published.body mentions 专利权人
    for key in ("draft", "in_review", "withdrawn"):
        res = client.get(detail(unpublished_items[key].pk))
        assert res.status_code == 404 and res.json() == {"detail": "未找到"}
    res = client.get(detail(unpublished_items["withdrawn_index"]))
    assert res.status_code == 404 and res.json() == {"detail": "未找到"}


def test_it_answers_missing_and_unpublished_alike(client, unpublished_items):
    missing = client.get(detail("11520000009390012X/2026-99999"))
    draft = client.get(detail(unpublished_items["draft"].pk))
    assert (missing.status_code, missing.json()) == (draft.status_code, draft.json()) == (404, {"detail": "未找到"})


def test_it_searches_exactly_as_the_portal_does(client, org, dept, clerk, publish, topic):
    make_published(org, dept, clerk, publish, 3)
    make_published(org, dept, clerk, publish, 2, body="<p>与检索词无关的正文</p>", summary="")
    titled = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, title="专利资助办法", body="<p>无</p>"))
    publish(titled)
    body = client.get(LIST, {"q": "专利"}).json()
    expected = search_items("专利", per_page=20)
    assert body["count"] == expected.count == 4
    assert [row["id"] for row in body["results"]] == expected.ids
    assert body["results"][0]["title"] == "专利资助办法"  # a hit in the title ranks first


def test_it_filters_by_topic_code_or_id_year_and_org(client, org, other_org, dept, clerk, publish, topic):
    make_published(org, dept, clerk, publish, 2, topic=topic)
    economy = Topic.objects.get(name="财政")
    make_published(org, dept, clerk, publish, 1, topic=economy)
    assert client.get(LIST, {"topic": topic.code}).json()["count"] == 2
    assert client.get(LIST, {"topic": economy.pk}).json()["count"] == 1
    assert client.get(LIST, {"q": "科技", "topic": economy.code}).json()["count"] == 1
    year = Item.objects.filter(status="published").first().published_on.year
    assert client.get(LIST, {"year": year}).json()["count"] == 3
    assert client.get(LIST, {"year": year - 1}).json()["count"] == 0
    assert client.get(LIST, {"q": "科技", "year": year - 1}).json()["count"] == 0
    assert client.get(LIST, {"org": org.code}).json()["count"] == 3
    assert client.get(LIST, {"org": other_org.code}).json()["count"] == 0
    assert client.get(LIST, {"q": "科技", "org": other_org.code}).json()["count"] == 0


def test_it_lists_newest_first_and_pages_with_absolute_links(client, org, dept, clerk, publish, settings):
    settings.GONGKAI_PAGE_SIZE = 2
    items = make_published(org, dept, clerk, publish, 5)
    Item.objects.filter(pk=items[0].pk).update(published_on=dt.date(2030, 1, 1))  # newest by date
    first = client.get(LIST).json()
    assert first["count"] == 5 and first["previous"] is None
    assert [r["id"] for r in first["results"]] == [items[0].pk, items[4].pk]
    assert first["next"] == "http://testserver/api/v1/items/?page=2"
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [items[3].pk, items[2].pk]
    assert second["previous"] == "http://testserver/api/v1/items/?page=1"
    last = client.get(LIST, {"page": 3}).json()
    assert [r["id"] for r in last["results"]] == [items[1].pk] and last["next"] is None
    wide = client.get(LIST, {"page_size": 100}).json()
    assert len(wide["results"]) == 5 and wide["next"] is None


def test_it_keeps_the_query_in_page_links(client, org, dept, clerk, publish, settings):
    settings.GONGKAI_PAGE_SIZE = 1
    make_published(org, dept, clerk, publish, 2)
    body = client.get(LIST, {"q": "科技", "year": 2026}).json()
    assert body["next"].startswith("http://testserver/api/v1/items/?")
    second = client.get(body["next"]).json()
    assert second["count"] == body["count"] == 2 and second["results"][0]["id"] != body["results"][0]["id"]


@pytest.mark.parametrize(
    "params, status, fragment",
    [
        ({"page": "abc"}, 400, "page"),
        ({"page": "0"}, 400, "page"),
        ({"page": "99"}, 404, "页码超出范围"),
        ({"q": "专利", "page": "99"}, 404, "页码超出范围"),
        ({"page": "9" * 40}, 400, "page"),
        ({"year": "abc"}, 400, "year"),
        ({"year": "99999999999999999999"}, 400, "year"),
        ({"page_size": "101"}, 400, "page_size"),
        ({"topic": "没有这个主题"}, 400, "主题分类"),
        ({"topic": "9" * 40}, 400, "主题分类"),
        ({"org": "nowhere"}, 400, "机关"),
        ({"kind": "poem"}, 400, "kind"),
        ({"dept": "x"}, 400, "dept"),
    ],
)
def test_it_refuses_bad_parameters_with_a_chinese_reason(client, published, params, status, fragment):
    res = client.get(LIST, params)
    assert res.status_code == status
    detail_text = res.json()["detail"]
    assert isinstance(detail_text, str) and fragment in detail_text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail_text)


def test_it_answers_an_empty_first_page_when_nothing_matches(client, db):
    assert client.get(LIST, {"q": "不存在的词"}).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert client.get(LIST).json()["count"] == 0


@pytest.mark.parametrize("key", ["²", "9" * 40, "../etc/passwd", "11520000009390012X/2026-00001/extra"])
def test_it_answers_404_for_odd_keys(client, published, key):
    res = client.get(detail(key))
    assert res.status_code == 404 and res.json() == {"detail": "未找到"}


@pytest.mark.parametrize("params", [{}, {"q": "科技"}])
def test_it_issues_the_same_number_of_queries_whatever_the_page_size(client, org, dept, clerk, publish, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_published(org, dept, clerk, publish, 12)
    counts = []
    for size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(LIST, {**params, "page_size": size}).json()["results"]) == size
        counts.append(len(queries))
    # The search backends differ by one query (PostgreSQL counts and pages in one); neither grows.
    assert counts[0] == counts[1] <= 3


def test_it_publishes_an_openapi_schema(client, db):
    res = client.get("/api/v1/openapi.json")
    assert res.status_code == 200
    schema = res.json()
    assert schema["info"]["title"] == "Gongkai 公开 API" and schema["info"]["version"] == "1"
    assert "/api/v1/items/" in schema["paths"]
    assert "/api/v1/items/{key}/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/items/"]["get"]["parameters"]}
    assert {"q", "topic", "year", "org", "page", "page_size"} <= params


def test_it_serves_the_api_docs_without_a_cdn(client, db):
    """Government networks often cannot reach public CDNs: Swagger UI comes from this server."""
    res = client.get("/api/v1/docs")
    assert res.status_code == 200
    html = res.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
