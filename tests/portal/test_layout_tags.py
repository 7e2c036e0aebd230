"""The layout's tags built in Python for speed (portal.templatetags.portal): page links, and the
header, footer and head kept in the process. What a reader sees must not change with them."""
from __future__ import annotations

import re

import pytest
from django.test import override_settings

from gongkai.portal.paging import Pager
from gongkai.portal.templatetags.portal import pagination


def links(html: str) -> list[str]:
    """Each link of the page links as a reader hears it: its text, marked (current) when it is."""
    out = []
    for li in re.findall(r"<li[^>]*>(.*?)</li>", html):
        text = re.sub(r"<[^>]+>", "", li)
        out.append(f"{text}(current)" if 'aria-current="page"' in li else text)
    return out


@pytest.mark.parametrize("number, count, expected", [
    (1, 20, []),                                                    # one page: no links at all
    (1, 21, ["第1页（当前页）(current)", "第2页", "下一页"]),
    (2, 21, ["上一页", "第1页", "第2页（当前页）(current)"]),
    (5, 400, ["上一页", "第1页", "…", "第3页", "第4页", "第5页（当前页）(current)", "第6页", "第7页", "…", "第20页", "下一页"]),
    (20, 400, ["上一页", "第1页", "…", "第18页", "第19页", "第20页（当前页）(current)"]),
])
def test_the_page_links_show_the_first_the_last_and_the_pages_near_this_one(number, count, expected):
    html = pagination(Pager(number=number, per_page=20, count=count, query="q=%E9%A1%B9%E7%9B%AE"))
    assert links(html) == expected
    if expected:
        pages = -(-count // 20)
        assert f"第 {number} / {pages} 页" in html and 'aria-label="分页"' in html


def test_a_page_link_keeps_the_query_and_escapes_it():
    html = pagination(Pager(number=1, per_page=20, count=50, query="kind=notice&q=%3Cb%3E"))
    assert 'href="?kind=notice&amp;q=%3Cb%3E&amp;page=2"' in html and 'rel="next"' in html
    assert "<b>" not in html


@pytest.mark.django_db
def test_the_kept_header_and_footer_follow_the_settings_and_the_page(client, settings, org):
    """Kept per process and per key: another site name or telephone is another key, and each
    page's navigation marks its own column."""
    home = client.get("/").content.decode()
    with override_settings(GONGKAI_SITE={**settings.GONGKAI_SITE, "sponsor": "某某省某某厅", "phone": "0851-1234567"}):
        renamed = client.get("/").content.decode()
    assert "某某省某某厅" not in home and "某某省某某厅" in renamed.split("</header>")[0]
    assert "0851-1234567" in renamed.split("</main>")[1]
    assert "0851-1234567" not in client.get("/").content.decode()
    catalog, search = client.get("/catalog/").content.decode(), client.get("/search/").content.decode()
    current = lambda html: re.findall(r'<a href="([^"]+)" aria-current="page">', html.split("</header>")[0])  # noqa: E731
    assert current(catalog) == ["/catalog/"] and current(search) == ["/search/"] and current(home) == ["/"]
