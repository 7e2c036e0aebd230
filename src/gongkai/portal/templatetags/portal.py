"""Small template helpers for the portal's pages."""
from __future__ import annotations

import uuid
from collections import OrderedDict
from html import escape as html_escape
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


_KEY = "0000key0000"
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted in a path
_item_url_templates: dict[str, tuple[str, str]] = {}


@register.filter
def item_url(item) -> str:
    """An item's public address: by its 索引号, which is what people cite, else by its id.

    A list renders twenty of these per page; a full reverse() each is a noticeable share of the
    page's time, so the pattern is reversed once (per script prefix) and the key quoted as
    reverse() would quote it."""
    prefix = get_script_prefix()
    parts = _item_url_templates.get(prefix)
    if parts is None:
        before, _, after = reverse("portal:item", kwargs={"key": _KEY}).partition(_KEY)
        parts = _item_url_templates[prefix] = (before, after)
    key = item.index_number or str(item.pk)
    return parts[0] + quote(key, safe=_SAFE) + parts[1]


@register.simple_tag
def item_rows(items) -> SafeString:
    """The list table's rows (index number, linked title, ISO date), built in Python: as template
    code, twenty rows of a loop, four variables and a filter each were about a fifth of /catalog/'s
    time. Every value is escaped here exactly as autoescaping would."""
    rows = []
    for item in items:
        date = item.published_on.isoformat() if item.published_on else ""
        rows.append(
            f'<tr role="row"><td role="cell" class="col-index">{escape(item.index_number or "")}</td>'
            f'<td role="cell" class="col-title"><a href="{escape(item_url(item))}">{escape(item.title)}</a></td>'
            f'<td role="cell" class="col-date">{date}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each value escaped above


@register.simple_tag
def search_hits(hits) -> SafeString:
    """A search page's hits (portal.views.SearchHit: linked highlighted title, snippet, the attachment
    the words were found in, index number, date, 文号, topic), built in Python like item_rows: as
    template code, twenty hits of about fifteen variables each were a third of the page's time (issue
    11, pages). Every value is escaped exactly as autoescaping would; title and snippet come escaped,
    with only our <mark>, from portal.highlight. html.escape is what django's escape applies, without
    its lazy-string wrapper (some eighty values a page)."""
    out = []
    for hit in hits:
        item = hit.item
        date = item.published_on.isoformat() if item.published_on else ""
        parts = [f'    <li class="hit">\n      <h3 class="hit__title"><a href="{html_escape(item_url(item))}">{hit.title_html}</a></h3>\n']
        if hit.snippet_html:
            parts.append(f'      <p class="hit__snippet">{hit.snippet_html}</p>\n')
        if hit.attachment:
            href = html_escape(reverse("portal:attachment", args=[hit.attachment.pk]))
            parts.append(f'      <p class="hit__attachment">见附件：<a href="{href}" download>{html_escape(hit.attachment.name)}</a></p>\n')
        parts.append(f'      <p class="hit__meta">\n        <span>索引号：{html_escape(item.index_number or "")}</span>\n'
                     f'        <span>发布日期：<time datetime="{date}">{date}</time></span>\n')
        if item.document_number:
            parts.append(f"        <span>文号：{html_escape(item.document_number)}</span>\n")
        if item.topic_id and item.topic:
            parts.append(f"        <span>主题：{html_escape(item.topic.name)}</span>\n")
        parts.append("      </p>\n    </li>\n")
        out.append("".join(parts))
    return mark_safe("".join(out))  # noqa: S308 - each value escaped above


# Part of the keys of the layout's cached fragments: a shared cache (Redis) must not serve a header
# rendered by the templates of an earlier release after a deploy.
_PROCESS_TOKEN = uuid.uuid4().hex


@register.simple_tag
def process_token() -> str:
    return _PROCESS_TOKEN


_fixed_urls: dict[tuple[str, str], str] = {}


@register.simple_tag
def link(name: str) -> str:
    """{% url %} for the layout's fixed addresses (no arguments), reversed once per script prefix:
    every page carries a dozen of them, and reverse() is a measurable part of a list page's time."""
    key = (get_script_prefix(), name)
    url = _fixed_urls.get(key)
    if url is None:
        url = _fixed_urls[key] = reverse(name)
    return url


@register.filter
def filesize(size: int) -> str:
    """Sizes as people read them on a download link: 12 KB, 1.5 MB."""
    size = int(size or 0)
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


_TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/png": "PNG 图片",
    "image/jpeg": "JPEG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WEBP 图片",
}


@register.filter
def filetype_label(content_type: str) -> str:
    return _TYPE_LABELS.get(content_type, "文件")


@register.simple_tag
def filter_url(filters, key: str, value=None) -> str:
    """The catalogue's address with FILTERS, KEY set to VALUE (or dropped when VALUE is empty), and
    no page: a new filter starts again at page 1."""
    params = filters.params()
    if value in (None, ""):
        params.pop(key, None)
    else:
        params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


_assets: dict[str, str] = {}


@register.simple_tag
def asset(path: str) -> str:
    """{% static %} that survives a missing collectstatic manifest (tests, a first `gongkai serve`):
    the hashed, long-cached name when the manifest has it, else the plain name, which WhiteNoise
    also serves (WHITENOISE_USE_FINDERS). The page renders either way instead of failing with a 500.
    Remembered per process: the manifest is read at start-up and does not change while it runs."""
    url = _assets.get(path)
    if url is None:
        try:
            url = static(path)
        except ValueError:
            return f"{settings.STATIC_URL}{path}"  # not remembered: collectstatic may come later
        _assets[path] = url
    return url


@register.filter
def site_asset(value: str) -> str:
    """A GONGKAI_SITE image: an address (https://…, /…) as it is, else a static file's name."""
    value = value or ""
    if value.startswith(("http://", "https://", "/")):
        return value
    return asset(value)


@register.filter
def digits(value: str) -> str:
    """The digits of a record number (贵公网安备52011502000001号 → 52011502000001), for its lookup link."""
    return "".join(c for c in str(value or "") if c.isascii() and c.isdigit())


@register.simple_tag
def pagination(pager) -> SafeString:
    """A list's page links (portal.paging.Pager), built in Python like item_rows: as an included
    template with a loop over the links it was a tenth of a search page's template work. Nothing
    when there is one page. Every URL is escaped exactly as autoescaping would."""
    if pager.num_pages <= 1:
        return SafeString("")
    parts = ['<nav class="pagination" aria-label="分页">\n  <ul>\n']
    if pager.has_previous:
        parts.append(f'    <li><a href="{html_escape(pager.previous_url)}" rel="prev">上一页</a></li>\n')
    for link in pager.links:
        if link.number is None:
            parts.append('    <li class="pagination__gap" aria-hidden="true">…</li>\n')
        else:
            current, label = (' aria-current="page"', "页（当前页）") if link.is_current else ("", "页")
            parts.append(f'    <li><a href="{html_escape(link.url)}"{current}><span class="visually-hidden">第</span>'
                         f'{link.number}<span class="visually-hidden">{label}</span></a></li>\n')
    if pager.has_next:
        parts.append(f'    <li><a href="{html_escape(pager.next_url)}" rel="next">下一页</a></li>\n')
    parts.append(f'  </ul>\n  <p class="pagination__summary">第 {pager.number} / {pager.num_pages} 页</p>\n</nav>\n')
    return SafeString("".join(parts))  # every value above is escaped or a number


class KeptFragmentNode(template.Node):
    """A fragment rendered once per process and key, for a fragment made only from what this process
    was started with — its code, templates, static manifest and settings, which process_token stands
    for — and the parts of the request named in the key (the view). Such a fragment is the same for
    the process's whole life, so a kept copy is never stale; and since its key holds the process's
    token, no other process could use it, so it is kept in no shared store.

    Not for a fragment keyed by the page generation: that counter can start again from an earlier
    value (Redis keeps nothing on disk; a database is restored) and then name other content, which
    the shared store forgets with it and a copy kept here would not. A look-up in the store (Redis in
    production) and the head's links, rendered each time, were a tenth of a page's template work."""

    KEPT = 512  # fragments kept per process (a few per view), the oldest dropped first
    _kept: OrderedDict[str, str] = OrderedDict()

    def __init__(self, nodelist, fragment_name: str, vary_on: list):
        self.nodelist, self.fragment_name, self.vary_on = nodelist, fragment_name, vary_on

    def render(self, context):
        key = make_template_fragment_key(self.fragment_name, [var.resolve(context) for var in self.vary_on])
        kept = self._kept
        value = kept.get(key)
        if value is None:
            # Each step is one operation on the dict, atomic under the GIL, so the threads of a
            # gthread worker may share it; two of them rendering the same fragment store the same value.
            value = kept[key] = self.nodelist.render(context)
            if len(kept) > self.KEPT:
                kept.popitem(last=False)
        return value


@register.tag("kept_cache")
def do_kept_cache(parser, token):
    """{% kept_cache name vary_on… %}…{% endkept_cache %}: the fragment kept in the process under NAME
    and the values of VARY_ON (KeptFragmentNode); only for keys that name all the fragment shows."""
    nodelist = parser.parse(("endkept_cache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 2:
        raise template.TemplateSyntaxError(f"{tokens[0]!r} 需要片段名")
    return KeptFragmentNode(nodelist, tokens[1], [parser.compile_filter(t) for t in tokens[2:]])
