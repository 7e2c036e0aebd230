"""What a person searching the catalogue sees: title hits first then newest, filters, paging, a capped
count for very common words, and nothing that is not published."""
import datetime as dt

import pytest
from django.db import connection, transaction

from gongkai.catalog import services as catalog
from gongkai.catalog.services import ImportedItem
from gongkai.search import backends
from gongkai.search.backends import SearchFilters
from gongkai.search.selectors import search_items
from tests.conftest import item_data


def _history(org, title, body, on, **extra):
    """An item published on ON (an imported history row goes straight to the portal and search)."""
    with transaction.atomic():
        item, _ = catalog.item_import(org=org, row=ImportedItem(item_data(title=title, body=f"<p>{body}</p>", **extra), None, on))
    return item


@pytest.fixture
def items(org, other_org, dept, topic):
    return {
        "old_title": _history(org, "关于专利权人登记的通知", "正文无关内容", dt.date(2020, 5, 1), dept=dept, topic=topic),
        "new_title": _history(org, "专利申请资助公示", "正文无关内容", dt.date(2024, 3, 1), kind="project_notice"),
        "old_body": _history(org, "年度工作报告", "本年度授予专利三件", dt.date(2021, 1, 2)),
        "new_body": _history(other_org, "科技计划项目名单", "承担单位须为专利权人", dt.date(2025, 7, 9), topic=topic),
        "none": _history(org, "科技活动周安排", "与检索词无关", dt.date(2025, 8, 1)),
    }


def _ids(items, *names):
    return [items[n].pk for n in names]


def test_it_lists_title_hits_first_then_the_newest(items):
    page = search_items("专利")
    assert page.ids == _ids(items, "new_title", "old_title", "new_body", "old_body")
    assert page.count == 4 and page.more is False
    assert search_items("专利", order="date").ids == _ids(items, "new_body", "new_title", "old_body", "old_title")


def test_it_pages_across_the_title_hits_without_repeating_or_losing_one(items):
    seen = [search_items("专利", page=n, per_page=1).ids for n in range(1, 6)]
    assert seen == [[items["new_title"].pk], [items["old_title"].pk], [items["new_body"].pk], [items["old_body"].pk], []]


def test_it_filters_by_agency_topic_year_department_and_kind(items, org, other_org, dept, topic):
    assert search_items("专利", filters=SearchFilters(org_ids=[other_org.pk])).ids == _ids(items, "new_body")
    assert search_items("专利", filters=SearchFilters(org_ids=[org.pk, other_org.pk])).count == 4
    assert search_items("专利", filters=SearchFilters(topic_id=topic.pk)).ids == _ids(items, "old_title", "new_body")
    assert search_items("专利", filters=SearchFilters(year=2021)).ids == _ids(items, "old_body")
    assert search_items("专利", filters=SearchFilters(department_id=dept.pk)).ids == _ids(items, "old_title")
    assert search_items("专利", filters=SearchFilters(kind="project_notice")).ids == _ids(items, "new_title")
    assert search_items("专利", filters=SearchFilters(org_ids=[org.pk], year=2025)).ids == []


def test_it_never_matches_a_filter_value_typed_as_a_query(items, org):
    # Filters are stored beside the text in the index; typing one must not find anything by it.
    for q in (f"o{org.pk}", "y2024", "kprojectnotice", "t0", f"#o{org.pk}", "#y2024", "#kproject_notice", "#t0"):
        assert search_items(q).ids == []


def test_it_caps_the_count_of_a_very_common_word(items, monkeypatch):
    monkeypatch.setattr(backends, "COUNT_CAP", 3)
    page = search_items("专利")
    assert (page.count, page.more) == (3, True)
    # Still title hits first, on both databases (decision 0050), and across pages.
    assert page.ids == _ids(items, "new_title", "old_title", "new_body", "old_body")
    assert [search_items("专利", page=n, per_page=1).ids for n in range(1, 6)] == [
        [items[k].pk] for k in ("new_title", "old_title", "new_body", "old_body")] + [[]]
    assert search_items("专利", order="date").ids == _ids(items, "new_body", "new_title", "old_body", "old_title")
    # Every match stays reachable: the page after the cap is served, and comes back short at the end.
    assert len(search_items("专利", page=2, per_page=3).ids) == 1


def test_it_follows_withdrawal_and_revision(items, org, supervisor, clerk, dept_head, publish):
    catalog.item_withdraw(item_id=items["new_title"].pk, by=supervisor, reason="内容有误")
    assert items["new_title"].pk not in search_items("专利").ids
    rev = catalog.item_revise(item_id=items["old_body"].pk, by=clerk)
    catalog.revision_update(revision_id=rev.pk, by=clerk, data={"body": "<p>改为授予商标三件</p>"})
    assert items["old_body"].pk in search_items("专利").ids  # the public still sees the published one
    publish(items["old_body"])
    assert items["old_body"].pk not in search_items("专利").ids
    assert search_items("商标").ids == _ids(items, "old_body")


# Every plan of the PostgreSQL backend: few, some, many matches; a year walked, or fetched, or both.
PLANS = [(5000, 500, 2000), (2, 500, 2000), (1, 500, 2000), (1, 1, 2000), (1, 1, 0), (1, 500, 0)]


@pytest.mark.parametrize("cap,walk_rows,year_cap", PLANS)
def test_a_match_in_the_title_or_the_document_number_comes_before_the_body(org, monkeypatch, cap, walk_rows, year_cap):
    monkeypatch.setattr(backends, "COUNT_CAP", cap)
    monkeypatch.setattr(backends, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(backends, "YEAR_CAP", year_cap)
    by_number = _history(org, "年度工作安排", "正文无关内容", dt.date(2020, 5, 1), document_number="黔科通〔2019〕88号")
    in_title = _history(org, "关于转发黔科通〔2019〕88号文件的通知", "正文无关内容", dt.date(2022, 5, 1))
    newest_body = _history(org, "科技计划项目名单", "依据黔科通〔2019〕88号文件执行", dt.date(2025, 7, 9), document_number="")
    older_body = _history(org, "年度总结", "按照〔2019〕88号要求", dt.date(2024, 1, 2), document_number="")
    _history(org, "无关通知", "黔科通〔2019〕8号与88号", dt.date(2025, 8, 1), document_number="")  # neither
    expected = [in_title.pk, by_number.pk, newest_body.pk, older_body.pk]
    assert search_items("〔2019〕88号").ids == expected
    assert [i for n in range(1, 5) for i in search_items("〔2019〕88号", page=n, per_page=1).ids] == expected
    assert search_items("〔2019〕88号", page=3, per_page=2).ids == []


# PostgreSQL's GIN scan takes a query's pieces while they pay (decision 0076): with a row far dearer
# than a posting-list entry it takes every piece; far cheaper, only the rarest, and the rows fetched
# are checked for every other term and filter.
ROW_COSTS = [1e9, 1e-9]


@pytest.mark.parametrize("row_entries", ROW_COSTS)
@pytest.mark.parametrize("cap,walk_rows,year_cap", PLANS)
def test_with_statistics_every_plan_finds_the_same_filtered_pages(items, org, other_org, topic, monkeypatch, cap, walk_rows,
                                                                  year_cap, row_entries):
    """PostgreSQL chooses its plan from the word's and the filters' statistics (decision 0050):
    whichever it takes, the pages are those of the plain definition."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE search_searchdocument")
        backends._STATS.clear()
    monkeypatch.setattr(backends, "COUNT_CAP", cap)
    monkeypatch.setattr(backends, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(backends, "YEAR_CAP", year_cap)
    monkeypatch.setattr(backends, "ROW_ENTRIES", row_entries)
    monkeypatch.setattr(backends, "DROP_SHARE", 0.0 if row_entries < 1 else 1.0)
    try:
        assert search_items("专利", filters=SearchFilters(org_ids=[other_org.pk])).ids == _ids(items, "new_body")
        assert search_items("专利", filters=SearchFilters(year=2021)).ids == _ids(items, "old_body")
        assert search_items("专利", filters=SearchFilters(org_ids=[org.pk])).ids == _ids(items, "new_title", "old_title", "old_body")
        assert search_items("专利", filters=SearchFilters(org_ids=[org.pk], topic_id=topic.pk)).ids == _ids(items, "old_title")
        assert search_items("专利", filters=SearchFilters(org_ids=[org.pk], year=2025)).ids == []
        assert search_items("专利申请 资助", filters=SearchFilters(org_ids=[org.pk], kind="project_notice")).ids == _ids(items, "new_title")
        assert search_items("专利 三件", filters=SearchFilters(org_ids=[org.pk])).ids == _ids(items, "old_body")
    finally:
        backends._STATS.clear()


@pytest.mark.parametrize("cap,walk_rows,year_cap", PLANS)
def test_statistics_that_say_too_few_still_give_the_pages_of_the_definition(items, org, dept, monkeypatch, cap, walk_rows, year_cap):
    """When the statistics promise few matches and the fetch finds more than COUNT_CAP, the page is
    found by the ordered plans, which do not fetch the same matches again (decision 0076)."""
    monkeypatch.setattr(backends, "COUNT_CAP", cap)
    monkeypatch.setattr(backends, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(backends, "YEAR_CAP", year_cap)
    monkeypatch.setattr(backends.PgQuery, "estimate", lambda self, c, table, column: 0.0)
    assert search_items("专利").ids == _ids(items, "new_title", "old_title", "new_body", "old_body")
    assert search_items("专利", order="date").ids == _ids(items, "new_body", "new_title", "old_body", "old_title")
    assert search_items("专利", filters=SearchFilters(org_ids=[org.pk])).ids == _ids(items, "new_title", "old_title", "old_body")
    assert search_items("专利", filters=SearchFilters(org_ids=[org.pk], department_id=dept.pk)).ids == _ids(items, "old_title")
    assert [i for n in range(1, 6) for i in search_items("专利", page=n, per_page=1).ids] == _ids(
        items, "new_title", "old_title", "new_body", "old_body")


@pytest.mark.parametrize("cap,walk_rows,year_cap", PLANS)
def test_a_word_deep_inside_a_long_document_is_found(org, monkeypatch, cap, walk_rows, year_cap):
    """A phrase past the 16,383rd position of a long text is found on PostgreSQL too (a positional
    tsvector stops counting there; decision 0072 checks the text itself)."""
    monkeypatch.setattr(backends, "COUNT_CAP", cap)
    monkeypatch.setattr(backends, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(backends, "YEAR_CAP", year_cap)
    filler = "本年度科技工作稳步推进，" * 1800  # about 21,600 characters
    deep = _history(org, "年度工作总结", f"{filler}另附黔科通〔2019〕77号执行情况。", dt.date(2025, 3, 1))
    near_miss = _history(org, "年度工作计划", f"{filler}黔科通〔2019〕7号与77号。", dt.date(2025, 4, 1))
    assert search_items("〔2019〕77号").ids == [deep.pk]
    assert search_items("执行情况").ids == [deep.pk]
    assert set(search_items("稳步推进").ids) == {deep.pk, near_miss.pk}


@pytest.mark.parametrize("cap,walk_rows,year_cap", PLANS)
def test_a_term_naming_a_year_lists_the_newer_years_matches_then_that_years_then_older(org, monkeypatch, cap, walk_rows, year_cap):
    """2021年度 is found mostly in 2021's items, but also in newer and older ones: whichever plan runs
    (the newer years fetched at once, or year by year), the order is that of the definition — title
    hits first, each part newest first — and paging neither repeats nor loses an item."""
    monkeypatch.setattr(backends, "COUNT_CAP", cap)
    monkeypatch.setattr(backends, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(backends, "YEAR_CAP", year_cap)
    newer_body = _history(org, "工作总结", "回顾2021年度任务完成情况", dt.date(2023, 6, 1))
    newer_title = _history(org, "关于2021年度项目验收的通知", "正文无关内容", dt.date(2022, 3, 1))
    named_title = _history(org, "2021年度科技计划", "正文无关内容", dt.date(2021, 2, 1))
    named_body = _history(org, "项目名单", "列入2021年度计划的项目", dt.date(2021, 9, 1))
    older_body = _history(org, "预算安排", "编制2021年度预算", dt.date(2020, 11, 1))
    _history(org, "年度通知", "2021年，本年度工作", dt.date(2021, 5, 1))  # the two words apart: no match
    _history(org, "最新通知", "2020年度总结", dt.date(2024, 1, 1))  # another year: no match
    relevance = [newer_title.pk, named_title.pk, newer_body.pk, named_body.pk, older_body.pk]
    by_date = [newer_body.pk, newer_title.pk, named_body.pk, named_title.pk, older_body.pk]
    assert search_items("2021年度").ids == relevance
    assert search_items("2021年度", order="date").ids == by_date
    assert [i for n in range(1, 6) for i in search_items("2021年度", page=n, per_page=1).ids] == relevance
    assert [i for n in range(1, 4) for i in search_items("2021年度", order="date", page=n, per_page=2).ids] == by_date


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan's estimate is PostgreSQL's")
def test_the_estimate_takes_a_division_as_within_its_agency_and_a_named_year_as_its_own(items, org, dept):
    """A division's items are all its agency's, and 〔2024〕 is found in 2024's items: counting the
    agency or that year again as an independent narrowing made the estimate far too small, and the
    fetch it chose was thrown away (decision 0076)."""
    with connection.cursor() as c:
        c.execute("ANALYZE search_searchdocument")
    backends._STATS.clear()
    try:
        with connection.cursor() as c:
            def estimate(query, **f):
                return backends.PgQuery.of(query, SearchFilters(**f)).estimate(c, backends.ITEMS.doc_table, "tsv")

            assert estimate("专利", org_ids=[org.pk], department_id=dept.pk) == estimate("专利", department_id=dept.pk)
            assert estimate("〔2024〕", year=2024) == estimate("〔2024〕")
            assert estimate("专利", org_ids=[org.pk]) < estimate("专利")  # other filters still narrow it
    finally:
        backends._STATS.clear()
