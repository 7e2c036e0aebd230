"""Baseline views that bench/ measures the portal against (mounted only with GONGKAI_BENCH_VIEWS=true).

`bare` is the ceiling of this server: a fixed page, no database, no template. `rows` is the least a
list page can do: 20 rows of an indexed query rendered through a template. The portal's list and item
pages are held to a share of `rows` (issue 2, performance), so these must stay minimal.
"""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from gongkai.catalog.selectors import items_public

_BARE = (
    "<!doctype html><html lang=\"zh-hans\"><head><meta charset=\"utf-8\"><title>基准页面</title></head><body>"
    + "<p>政府信息公开基准测试固定页面，不访问数据库，不渲染模板。</p>" * 22
    + "</body></html>"
).encode("utf-8")


def bare(request):
    return HttpResponse(_BARE, content_type="text/html; charset=utf-8")


def rows(request):
    items = items_public().order_by("-published_on", "-id").only("id", "title", "index_number", "published_on")[:20]
    return render(request, "core/bench_rows.html", {"items": items})
