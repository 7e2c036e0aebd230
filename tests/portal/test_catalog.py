"""政府信息公开目录: newest first, filters, pagination, and a query count that does not grow with the page."""
import datetime as dt
import re

import pytest

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Topic
from gongkai.orgs.models import Department

from ..conftest import item_data


def titles(response) -> list[str]:
    return re.findall(r'<td role="cell" class="col-title"><a href="/items/[^"]+/">([^<]+)</a></td>', response.content.decode())


def test_it_lists_published_items_newest_first_with_index_number_title_and_date(client, imported):
    items = imported(3)
    html = client.get("/catalog/").content.decode()
    for header in ("索引号", "信息名称", "发布日期"):
        assert f'<th scope="col"' in html and header in html
    assert titles(client.get("/catalog/")) == [i.title for i in reversed(items)]
    newest = items[-1]
    assert newest.index_number in html and newest.published_on.isoformat() in html


def test_it_filters_by_topic_department_kind_year_and_agency(client, org, other_org, dept, other_dept, imported):
    finance = Topic.objects.get(name="财政")
    imported(1, title="科技项目通知", start=dt.date(2025, 3, 1), kind="notice", department=dept)
    imported(1, title="部门预算", start=dt.date(2024, 3, 1), kind="budget", topic=finance, department=other_dept)
    catalog.item_import(org=other_org, row=catalog.ImportedItem(
        data=item_data(title="教育厅的通知"), index_number=None, published_on=dt.date(2025, 5, 1)))
    assert titles(client.get(f"/catalog/?topic={finance.code}")) == ["部门预算（1）"]
    assert titles(client.get(f"/catalog/?topic={finance.pk}")) == ["部门预算（1）"]  # by id too
    assert titles(client.get(f"/catalog/?dept={dept.pk}")) == ["科技项目通知（1）"]
    assert titles(client.get("/catalog/?kind=budget")) == ["部门预算（1）"]
    assert titles(client.get("/catalog/?year=2024")) == ["部门预算（1）"]
    assert titles(client.get(f"/catalog/?org={other_org.code}")) == ["教育厅的通知"]
    assert titles(client.get(f"/catalog/?org={org.code}&year=2025")) == ["科技项目通知（1）"]


def test_the_filters_offer_what_exists_with_counts(client, org, other_org, dept, imported):
    imported(2, start=dt.date(2025, 3, 1), kind="notice", department=dept)
    catalog.item_import(org=other_org, row=catalog.ImportedItem(
        data=item_data(title="教育厅的通知"), index_number=None, published_on=dt.date(2024, 5, 1)))
    html = client.get("/catalog/").content.decode()
    assert re.search(r'href="\?year=2025">2025年 <span class="facet__count">\(2\)</span>', html)
    assert re.search(r'href="\?org=gzedu">贵州省教育厅 <span class="facet__count">\(1\)</span>', html)
    assert "政策法规与创新体系建设处" not in html  # departments only make sense within one agency
    html = client.get(f"/catalog/?org={org.code}").content.decode()
    assert re.search(rf'href="\?org={org.code}&amp;dept={dept.pk}">政策法规与创新体系建设处 <span class="facet__count">\(2\)</span>', html)


@pytest.mark.parametrize("query", [
    "topic=nonsense", "topic=99999", "dept=abc", "dept=99999", "kind=secret", "year=abc", "year=99999",
    "org=nobody", "page=abc", "page=-3", "page=0", "page=1e9", "page=²", "year=²０２５", "dept=²", "topic=²",
    "year=2025&year=abc", "dept=" + "9" * 40, "page=" + "9" * 40,
])
def test_nonsense_in_the_query_string_is_ignored_never_a_server_error(client, imported, query):
    imported(2)
    response = client.get(f"/catalog/?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 2


def test_a_department_of_another_agency_does_not_filter_this_one(client, org, other_org, imported):
    foreign = Department.objects.create(org=other_org, name="办公室")
    imported(2)
    assert len(titles(client.get(f"/catalog/?org={org.code}&dept={foreign.pk}"))) == 2


def test_it_paginates_with_links_that_keep_the_filters(client, imported, settings):
    settings.GONGKAI_PAGE_SIZE = 5
    items = imported(12, kind="notice")
    first = client.get("/catalog/?kind=notice")
    assert titles(first) == [i.title for i in reversed(items[-5:])]
    html = first.content.decode()
    assert 'href="?kind=notice&amp;page=2"' in html and 'rel="next"' in html and 'aria-current="page"' in html
    third = client.get("/catalog/?kind=notice&page=3")
    assert titles(third) == [i.title for i in reversed(items[:2])]
    assert client.get("/catalog/?kind=notice&page=4").status_code == 404
    assert "符合条件的公开信息共 12 条" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded topics for later tests
def test_new_publications_show_in_the_counts_once_committed(client, imported, monkeypatch):
    from django.db import transaction

    from gongkai.core import pagecache

    assert "共 0 条公开信息" in client.get("/catalog/").content.decode()
    bumps = []
    real = pagecache._bump_after_commit
    monkeypatch.setattr(pagecache, "_bump_after_commit", lambda: (bumps.append(1), real()))
    with transaction.atomic():  # an import: many items, one transaction
        imported(3)
        assert bumps == []  # nothing is dropped before the transaction commits
    assert len(bumps) == 1  # one bump per transaction, however many items it saved
    assert "共 3 条公开信息" in client.get("/catalog/").content.decode()


def queries_for(client, url: str, *, cached: bool) -> int:
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    caches["pages"].clear()  # the counts are kept there (shared by every worker), and the fragments
    if cached:
        client.get(url)  # fills the cache of counts
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/catalog/", "/catalog/?kind=notice&year=2025", "/catalog/?page=1", "/"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_items(client, imported, url):
    imported(5, kind="notice")
    few = (queries_for(client, url, cached=False), queries_for(client, url, cached=True))
    imported(20, title="另一批", start=dt.date(2025, 2, 1), kind="notice")
    many = (queries_for(client, url, cached=False), queries_for(client, url, cached=True))
    assert few == many
    assert many[1] <= 2  # with counts cached: the page's rows (and, on the home page, the agency)


def test_with_counts_cached_a_page_of_the_list_is_one_query(client, imported, django_assert_num_queries):
    imported(25)
    client.get("/catalog/")
    with django_assert_num_queries(1):
        client.get("/catalog/?page=2")


def test_titles_and_index_numbers_in_the_list_are_escaped(client, published):
    published(title="关于<script>alert(1)</script>与“A&B”项目的通知")
    html = client.get("/catalog/").content.decode()
    assert "<script>alert" not in html
    assert "关于&lt;script&gt;alert(1)&lt;/script&gt;与“A&amp;B”项目的通知</a>" in html
