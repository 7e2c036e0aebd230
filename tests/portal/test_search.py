"""Public search: two-character words are found, hits are highlighted (and nothing else is unescaped),
filters and pages work, and "no results" says what to try."""
import datetime as dt
import re

import pytest

from gongkai.catalog.models import Topic
from gongkai.portal.highlight import highlight, snippet


def hit_titles(response) -> list[str]:
    found = re.findall(r'<h3 class="hit__title"><a href="[^"]+">(.*?)</a></h3>', response.content.decode())
    return [re.sub(r"</?mark>", "", t) for t in found]


@pytest.mark.parametrize("word", ["专利", "项目"])
def test_a_two_character_word_finds_the_items_that_contain_it(client, published, imported, word):
    item = published(title="关于组织申报2026年度省科技计划项目的通知", body="<p>专利权人须提交证明材料。</p>")
    imported(2, title="部门预算公开", body="<p>预算说明。</p>")
    response = client.get("/search/", {"q": word})
    assert hit_titles(response) == [item.title]
    assert "找到 1 条" in response.content.decode()


def test_hits_are_highlighted_in_the_title_and_in_a_snippet_of_the_body(client, published):
    body = "<p>" + "各有关单位：" * 30 + "本次申报重点支持专利转化运用。</p>"
    item = published(title="2026年度贵州省专利奖拟奖项目公示", body=body)
    html = client.get("/search/", {"q": "专利"}).content.decode()
    assert "2026年度贵州省<mark>专利</mark>奖拟奖项目公示" in html
    assert "重点支持<mark>专利</mark>转化运用" in html
    snippet_html = re.search(r'<p class="hit__snippet">(.*?)</p>', html).group(1)
    assert snippet_html.startswith("…") and len(re.sub(r"<[^>]+>", "", snippet_html)) < 200
    assert f'href="/items/{item.index_number}/"' in html


def test_the_query_and_the_text_are_escaped_only_our_mark_tags_are_html(client, published):
    published(title="关于<script>alert(1)</script>专利的通知", body="<p>专利 &lt;b&gt;不是粗体&lt;/b&gt;</p>")
    html = client.get("/search/", {"q": "专利 <script>"}).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html  # the query is shown back, escaped
    html = client.get("/search/", {"q": "<img src=x onerror=alert(1)>"}).content.decode()
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html


def test_highlight_and_snippet_escape_everything_but_their_marks():
    assert highlight("A<b>专利</b>", "专利") == "A&lt;b&gt;<mark>专利</mark>&lt;/b&gt;"
    assert highlight("项目与项目", "项目") == "<mark>项目</mark>与<mark>项目</mark>"
    assert snippet("x" * 300 + "专利" + "y" * 300, "专利").startswith("…" + "x" * 40 + "<mark>专利</mark>")
    assert snippet("", "专利") == ""
    assert snippet("没有命中的正文", "专利") == "没有命中的正文"


def _whole_text_snippet(text: str, query: str) -> str:
    """The snippet as cut before decision 0071 (always from the whole text): what a long text's
    snippet, looked for in its head first, must equal character for character."""
    from django.utils.safestring import mark_safe

    from gongkai.core.text import join_lines
    from gongkai.portal.highlight import SNIPPET_BEFORE, SNIPPET_LENGTH, _marked
    from gongkai.search.text import highlight_spans

    text = join_lines(text)
    if not text:
        return mark_safe("")
    spans = highlight_spans(text, query)
    start = max(0, spans[0][0] - SNIPPET_BEFORE) if spans else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return ("…" if start > 0 else "") + _marked(text[start:end], inside) + ("…" if end < len(text) else "")


def test_a_long_texts_snippet_is_the_one_the_whole_text_gives():
    import random

    from gongkai.portal.highlight import SNIPPET_SCAN

    rng = random.Random(71)
    # Chinese, spaces and line breaks (joined away between Chinese), the ideographic space, full-width
    # and upper-case letters (folded), markup to escape, and the words looked for.
    pieces = ["专利", "项目", "科技", "计划", "的", "。", " ", "\n", "\u3000", "  \n ", "Ａｂ", "AB", "ab", "<b>", "&",
              "专", "利", "x" * 7]
    for _ in range(400):
        around = rng.choice([SNIPPET_SCAN - 300, SNIPPET_SCAN - 150, SNIPPET_SCAN - 5, SNIPPET_SCAN + 50])
        text = "".join(rng.choice(pieces[5:]) for _ in range(around // 3))
        text += "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))
        text += "".join(rng.choice(pieces) for _ in range(rng.randint(0, 600)))
        query = rng.choice(["专利", "项目 科技", "ab", "ＡＢ 专利", "计划的", "利"])
        assert snippet(text, query) == _whole_text_snippet(text, query), (text, query)
    long_text = "前言" * 2000 + "本次申报重点支持专利转化运用。" + "正文" * 20000
    assert snippet(long_text, "专利") == _whole_text_snippet(long_text, "专利")
    assert snippet("专利" + "正文" * 20000, "专利").startswith("<mark>专利</mark>正文")


def test_it_filters_results_by_topic_year_department_and_agency(client, org, other_dept, published, imported):
    finance = Topic.objects.get(name="财政")
    science = published(title="科技项目通知")
    budget = imported(1, title="项目预算", start=dt.date(2026, 2, 1), topic=finance, department=other_dept)[0]
    old = imported(1, title="往年项目", start=dt.date(2023, 5, 1))[0]
    assert set(hit_titles(client.get("/search/", {"q": "项目"}))) == {science.title, budget.title, old.title}
    assert hit_titles(client.get("/search/", {"q": "项目", "topic": finance.code})) == [budget.title]
    assert hit_titles(client.get("/search/", {"q": "项目", "year": "2023"})) == [old.title]
    assert hit_titles(client.get("/search/", {"q": "项目", "dept": other_dept.pk, "org": org.code})) == [budget.title]
    assert hit_titles(client.get("/search/", {"q": "项目", "org": "gzedu"})) != []  # unknown agency: ignored


def test_the_filter_form_keeps_what_was_chosen(client, published):
    item = published(title="科技项目通知")
    html = client.get("/search/", {"q": "项目", "topic": item.topic.code}).content.decode()
    assert f'<option value="{item.topic.code}" selected>' in html
    assert 'value="项目"' in html


def test_results_are_paginated(client, imported, settings):
    settings.GONGKAI_PAGE_SIZE = 3
    imported(7, title="科技项目")
    first = client.get("/search/", {"q": "项目"})
    assert len(hit_titles(first)) == 3 and "找到 7 条" in first.content.decode()
    assert 'href="?q=%E9%A1%B9%E7%9B%AE&amp;page=2"' in first.content.decode()
    assert len(hit_titles(client.get("/search/", {"q": "项目", "page": 3}))) == 1
    assert client.get("/search/", {"q": "项目", "page": 4}).status_code == 404


def test_no_results_says_so_and_gives_tips(client, published):
    published()
    html = client.get("/search/", {"q": "不存在的词语"}).content.decode()
    assert "没有找到与“不存在的词语”相关的公开信息" in html and "检索建议" in html


@pytest.mark.parametrize("query", ["", "   ", "！？。", "*", '"', "AND OR NOT", "a" * 500])
def test_an_empty_or_odd_query_never_fails(client, published, query):
    published()
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    if not query.strip():
        assert "找到" not in response.content.decode() and 'name="q"' in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_number_of_hits(client, imported, topic):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(hits: int) -> int:
        cache.clear()
        client.get("/search/", {"q": "项目", "topic": topic.code})  # fills the cached facet lists
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/search/", {"q": "项目", "topic": topic.code})
        assert len(hit_titles(response)) == hits
        return len(ctx.captured_queries)

    imported(5, title="科技项目", topic=topic)
    few = queries(5)
    imported(20, title="又一批项目", start=dt.date(2025, 3, 1), topic=topic)
    # The topic lookup, the search backend's own queries (counts and keys) and the page's items; the
    # keys of body-only hits are read only while the title hits do not fill the page, so 25 title
    # hits cost one query fewer than 5, never more.
    assert queries(20) <= few <= 8
