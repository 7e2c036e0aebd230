"""The public portal: read-only pages for everyone. No view here looks at who is signed in: staff
see exactly what the public sees, and an item that is not published answers 404 like a missing one."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from gongkai.catalog.models import Item
from gongkai.catalog.sanitize import clean_html
from gongkai.catalog.selectors import public_item_by_key
from gongkai.core.downloads import file_download
from gongkai.search.selectors import search_items

from . import selectors
from .forms import CatalogFilterForm, SearchForm
from .highlight import highlight, snippet
from .paging import pager_for

HOME_LATEST = 10


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    org = selectors.default_org()
    return render(request, "portal/home.html", {
        "org": org,
        "latest": selectors.latest_items(HOME_LATEST),
        "facets": selectors.catalog_facets(None),
    })


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    """政府信息公开目录: published items newest first, filtered by topic, department, kind, year, agency."""
    form = CatalogFilterForm(request.GET)
    filters = form.filters()
    pager = pager_for(form.page_number(), settings.GONGKAI_PAGE_SIZE, selectors.catalog_count(filters), request.GET)
    return render(request, "portal/catalog.html", {
        "filters": filters,
        "items": selectors.catalog_rows(filters, offset=pager.offset, limit=pager.per_page),
        "pager": pager,
        # Counted only when the cached sidebar is missing (see the template's {% cache %}).
        "facets": SimpleLazyObject(lambda: selectors.catalog_facets(filters.org)),
        "facets_key": f"{selectors.catalog_version()}:{filters.cache_key()}",
    })


@require_safe
def item_detail(request: HttpRequest, key: str) -> HttpResponse:
    item = public_item_by_key(key, related=("org", "topic"))
    if item is None:
        raise Http404("该信息不存在或未公开")
    attachments = selectors.item_attachments(item)
    interpreted, interpretations = selectors.item_interpretation_links(item)
    return render(request, "portal/item.html", {
        "item": item,
        "attachments": attachments,
        # 图解: an interpretation's pictures are shown in the page, the other files stay downloads.
        "diagrams": [a for a in attachments if a.content_type.startswith("image/")] if item.kind == "interpretation" else [],
        "interpreted": interpreted,
        "interpretations": interpretations,
    })


@require_safe
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Streams a public attachment. Media files are never served directly: this check is the only way."""
    attachment = selectors.public_attachment(attachment_id)
    if attachment is None:
        raise Http404("该附件不存在或未公开")
    return file_download(attachment.file, filename=attachment.name, content_type=attachment.content_type,
                         missing="该附件文件已不存在")


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 of the agency the portal belongs to; the stored HTML is cleaned again here."""
    org = selectors.default_org()
    body = clean_html(org.disclosure_guide) if org is not None else ""
    return render(request, "portal/guide.html", {"org": org, "guide_html": mark_safe(body)})  # noqa: S308 - cleaned by nh3 above


@require_safe
def non_public(request: HttpRequest) -> HttpResponse:
    """不予公开目录: what the agency does not disclose, each category with the article it rests on."""
    org = selectors.org_by_param(request.GET.get("org", "")) or selectors.default_org()
    return render(request, "portal/non_public.html", {"org": org, "categories": selectors.non_public_categories(org)})


@dataclass
class SearchHit:
    item: Item
    title_html: SafeString
    snippet_html: SafeString


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of the published catalogue (the same search_items the API uses)."""
    form = SearchForm(request.GET)
    query, filters = form.query(), form.filters()
    context = {"query": query, "filters": filters, "facets": selectors.catalog_facets(filters.org), "searched": bool(query)}
    if query:
        per_page = settings.GONGKAI_PAGE_SIZE
        number = form.page_number()
        result = search_items(query, filters=filters.as_search_filters(), page=number, per_page=per_page)
        pager = pager_for(number, per_page, result.count, request.GET)
        context["pager"] = pager
        context["more"] = getattr(result, "more", False)  # the count stopped at a cap: "more than N"
        context["hits"] = [
            SearchHit(item, highlight(item.title, query), snippet(item.body_text or item.summary, query))
            for item in selectors.items_by_ids(result.ids)
        ]
    return render(request, "portal/search.html", context)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = ["User-agent: *", "Disallow: /workbench/", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
