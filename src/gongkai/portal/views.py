"""The public portal: read-only pages for everyone. No view here looks at who is signed in: staff
see exactly what the public sees, and an item that is not published answers 404 like a missing one."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from gongkai.catalog.models import Attachment
from gongkai.catalog.sanitize import clean_html
from gongkai.catalog.selectors import public_item_by_key
from gongkai.core import pagecache
from gongkai.core.downloads import file_download
from gongkai.core.text import tidy_cjk
from gongkai.search.selectors import search_items
from gongkai.search.text import highlight_needles, query_terms

from . import selectors
from .forms import CatalogFilterForm, SearchForm
from .highlight import highlight, snippet
from .paging import pager_for
from .sections import portal_sections
from .templatetags.portal import asset

HOME_LATEST = 10


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    org = selectors.default_org()
    return render(request, "portal/home.html", {
        "org": org,
        "latest": selectors.latest_items(HOME_LATEST),
        # The topic and kind chips (their counts localised, a link each) are rendered once per page
        # generation and kept in the shared page store (the template's {% cache %}): they were half
        # the page's template work. The counts are read only on a miss.
        "facets": SimpleLazyObject(lambda: selectors.catalog_facets(None)),
        "facets_key": f"{pagecache.release()}:{selectors.catalog_version()}",
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
        "facets_key": f"{pagecache.release()}:{selectors.catalog_version()}:{filters.cache_key()}",
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
    # A redacted PDF is published as its redacted copy (textguard); the original stays internal.
    return file_download(attachment.published_file, filename=attachment.name, content_type=attachment.content_type,
                         missing="该附件文件已不存在")


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 of the agency the portal belongs to; the stored HTML is cleaned again here."""
    org = selectors.default_org()
    return render(request, "portal/guide.html", {"org": org, "guide_html": _cleaned(org.disclosure_guide) if org else ""})


@require_safe
def non_public(request: HttpRequest) -> HttpResponse:
    """不予公开目录: what the agency does not disclose, each category with the article it rests on."""
    org = selectors.org_by_param(request.GET.get("org", "")) or selectors.default_org()
    return render(request, "portal/non_public.html", {"org": org, "categories": selectors.non_public_categories(org)})


@dataclass
class SearchHit:
    item: selectors.HitItem
    title_html: SafeString
    snippet_html: SafeString
    attachment: Attachment | None = None   # the published attachment the words were found in


def _hit(item: selectors.HitItem, query: str, needles: list[str], attachment: Attachment | None) -> SearchHit:
    own = item.body_text or item.summary
    title = highlight(item.title, query, needles)
    if attachment is not None:
        lowered = f"{item.title} {own}".lower()
        if not all(t.lower() in lowered for t in query_terms(query)):
            return SearchHit(item, title, snippet(attachment.public_text, query, needles), attachment)
    return SearchHit(item, title, snippet(own, query, needles), attachment)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of the published catalogue (the same search_items the API uses)."""
    form = SearchForm(request.GET)
    query, filters = form.query(), form.filters()
    context = {
        "query": query, "filters": filters, "searched": bool(query),
        # The filter lists (some 70 options with their selected one) are rendered once per page
        # generation and filter set, kept in the shared page store (the template's {% cache %}):
        # they were two fifths of the page's template work. The counts are read only on a miss.
        "facets": SimpleLazyObject(lambda: selectors.catalog_facets(filters.org)),
        "filters_key": f"{pagecache.release()}:{selectors.catalog_version()}:{filters.cache_key()}",
    }
    if query:
        per_page = settings.GONGKAI_PAGE_SIZE
        number = form.page_number()
        result = search_items(query, filters=filters.as_search_filters(), page=number, per_page=per_page)
        pager = pager_for(number, per_page, result.count, request.GET)
        context["pager"] = pager
        context["more"] = getattr(result, "more", False)  # the count stopped at a cap: "more than N"
        items = selectors.items_by_ids(result.ids)
        in_attachments = selectors.matching_attachments(items, query)
        needles = highlight_needles(query)  # the query's terms folded once, not twice for each of 20 hits
        context["hits"] = [_hit(item, query, needles, in_attachments.get(item.pk)) for item in items]
    return render(request, "portal/search.html", context)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = ["User-agent: *", "Disallow: /workbench/", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- the 政府信息公开专栏's other columns --------------------------------------------------------

def _cleaned(html_text: str) -> SafeString:
    return mark_safe(tidy_cjk(clean_html(html_text)))  # noqa: S308 - cleaned by nh3 here


@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    """公开制度: the agency's rules for its disclosure work, one page each."""
    org = selectors.default_org()
    return render(request, "portal/rules.html", {"org": org, "pages": selectors.rule_pages(org)})


@require_safe
def rule(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.default_org()
    page = selectors.rule_page(org, slug)
    if page is None:
        raise Http404("该页面不存在")
    return render(request, "portal/rule.html", {"org": org, "page": page, "body_html": _cleaned(page.body),
                                                "pages": selectors.rule_pages(org)})


@require_safe
def statutory(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the fifteen items of 第二十条, each with its latest items."""
    org = selectors.default_org()
    return render(request, "portal/statutory.html", {"org": org, "sections": selectors.statutory_overview(org)})


@require_safe
def statutory_category(request: HttpRequest, number: int) -> HttpResponse:
    category = selectors.statutory_category(number)
    if category is None:
        raise Http404("该栏目不存在")
    org = selectors.default_org()
    qs = selectors.statutory_items(category, org)
    number_param = selectors.whole_number(request.GET.get("page", "")) or 1
    pager = pager_for(number_param, settings.GONGKAI_PAGE_SIZE, qs.count(), request.GET)
    return render(request, "portal/statutory_category.html", {
        "org": org, "category": category, "pager": pager, "items": list(qs[pager.offset : pager.offset + pager.per_page]),
    })


@require_safe
def functions(request: HttpRequest) -> HttpResponse:
    """机构职能 (第二十条第（二）项): functions, leaders, departments with their contacts."""
    org = selectors.default_org()
    return render(request, "portal/functions.html", {
        "org": org, "functions_html": _cleaned(org.functions) if org else "",
        "leaders": selectors.org_leaders(org), "departments": selectors.org_departments(org),
    })


@require_safe
def on_request(request: HttpRequest) -> HttpResponse:
    """依申请公开: how to apply, the application form, tracking and the quarterly figures."""
    return render(request, "portal/on_request.html", {"org": selectors.default_org()})


@require_safe
def specials(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/specials.html", {"specials": selectors.specials_public()})


@require_safe
def special(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.special_by_slug(slug)
    if found is None:
        raise Http404("该专题不存在")
    qs = selectors.special_items(found)
    number = selectors.whole_number(request.GET.get("page", "")) or 1
    pager = pager_for(number, settings.GONGKAI_PAGE_SIZE, qs.count(), request.GET)
    return render(request, "portal/special.html", {
        "special": found, "description_html": _cleaned(found.description), "pager": pager,
        "items": list(qs[pager.offset : pager.offset + pager.per_page]),
    })


BANNER_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}


@require_safe
def special_banner(request: HttpRequest, slug: str) -> FileResponse:
    """A public 专题's banner, shown inline: only the image types the admin's ImageField accepted."""
    found = selectors.special_by_slug(slug)
    content_type = BANNER_TYPES.get(Path(found.banner.name).suffix.lower()) if found and found.banner else None
    if content_type is None:
        raise Http404("该图片不存在")
    try:
        handle = found.banner.open("rb")
    except OSError:
        raise Http404("该图片不存在") from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def sitemap_html(request: HttpRequest) -> HttpResponse:
    """网站地图 for people: every column of the portal (sitemap.xml is the one for search engines)."""
    return render(request, "portal/sitemap.html", {
        "sections": portal_sections(), "specials": selectors.specials_public(),
        "rule_pages": selectors.rule_pages(selectors.default_org()),
    })


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico whatever the page says; the file itself is a static one.
    return HttpResponsePermanentRedirect(asset("portal/favicon.ico"))
