"""Issue 11, pages: the home page's first render (the whole catalogue's counts) and a search page cost a
number of queries that does not grow with the catalogue, the agencies or the hits, and the counts they
show are exact."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Topic
from gongkai.orgs.models import Department, Organisation

from ..conftest import item_data


def _load(n: int, orgs: list, topics: list, *, start=dt.date(2024, 1, 1)) -> None:
    for i in range(n):
        org = orgs[i % len(orgs)]
        dept = Department.objects.get_or_create(org=org, name="办公室")[0]
        row = catalog.ImportedItem(data=item_data(title=f"关于科技计划项目申报的通知（{org.code}-{i}）", dept=dept,
                                                  topic=topics[i % len(topics)], kind=("notice", "news")[i % 2]),
                                   index_number=None, published_on=start + dt.timedelta(days=3 * i))
        catalog.item_import(org=org, row=row)


def _first_render(client, url: str) -> tuple[int, str]:
    """Queries of a render with nothing kept: no counts, no fragments (as after any change)."""
    cache.clear()
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as q:
        response = client.get(url)
    assert response.status_code == 200
    return len(q), response.content.decode()


@pytest.fixture
def agencies(org, other_org):
    third = Organisation.objects.create(code="gzfin", name="贵州省财政厅", credit_code="115200000093900888")
    return [org, other_org, third]


def test_the_home_page_first_render_costs_the_same_queries_however_big_the_catalogue(client, agencies, topic):
    _load(6, agencies, [topic])
    few, _ = _first_render(client, "/")
    more_topics = [topic] + [Topic.objects.create(code=f"t{i}", name=f"主题{i}") for i in range(5)]
    _load(60, agencies, more_topics, start=dt.date(2022, 1, 1))
    many, html = _first_render(client, "/")
    assert many == few
    assert "主题4 <span class=\"facet__count\">(10)</span>" in html  # 60 items over 6 topics


def test_the_catalogue_counts_each_agency_exactly(client, agencies, topic):
    _load(7, agencies, [topic])  # 3, 2, 2 over the three agencies
    _, html = _first_render(client, "/catalog/")
    for org, n in zip(agencies, (3, 2, 2)):
        assert f"{org.name}" in html and f"{org.name} <span class=\"facet__count\">({n})</span>" in html.replace("\n", "")


def test_a_search_page_costs_the_same_queries_for_two_hits_or_twenty(client, agencies, topic):
    _load(2, agencies, [topic])
    few, html = _first_render(client, "/search/?q=科技计划")
    assert "找到 2 条" in html
    _load(40, agencies, [topic], start=dt.date(2023, 1, 1))
    many, html = _first_render(client, "/search/?q=科技计划")
    assert "找到 42 条" in html and html.count('class="hit"') == 20
    # Never more (one fewer: with 20 title hits the backend does not read the body-only ones).
    assert many <= few
    with CaptureQueriesContext(connection) as kept:
        client.get("/search/?q=科技计划")
    assert len(kept) < many  # the filter lists kept: the counts behind them are not read again


def test_the_home_page_keeps_its_counts_for_a_generation_and_shows_new_ones_after_a_change(client, agencies, topic):
    from gongkai.core import pagecache

    _load(4, agencies, [topic])
    first, html = _first_render(client, "/")
    assert f"{topic.name} <span class=\"facet__count\">(4)</span>" in html
    with CaptureQueriesContext(connection) as kept:
        again = client.get("/").content.decode()
    assert again == html  # the kept chips are the very ones rendered
    # The ten latest items (and the generation, where it lives in the database): no count is read.
    assert len(kept) <= 2 < first
    _load(1, agencies, [topic], start=dt.date(2026, 5, 1))
    pagecache.bump()  # what the commit does (a test's transaction is rolled back, never committed)
    html = client.get("/").content.decode()
    assert f"{topic.name} <span class=\"facet__count\">(5)</span>" in html
    assert '<time datetime="2026-05-01">' in html  # the new item heads the latest
