"""The portal's 年度报告 column (/reports/): finalised reports only — the newest final version of each
agency's report for each year, as accessible HTML with simple charts, and the snapshot as DOCX and
XLSX. A draft is never shown: it answers 404 like a report that does not exist. No view here looks
at who is signed in."""
from __future__ import annotations

import logging
from itertools import groupby

from django.conf import settings
from django.core.cache import caches

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.core import pagecache

from . import charts, selectors
from .exports import render_html, report_title
from .views import report_file

log = logging.getLogger(__name__)


@require_safe
def index(request):
    reports = list(selectors.published_reports())
    years = [(year, list(group)) for year, group in groupby(reports, key=lambda r: r.year)]
    return render(request, "reports/public/index.html", {"years": years})


def _published(org_code: str, year: int, version: int | None):
    report = selectors.published_report(org_code, year, version)
    if report is None:
        raise Http404("该年度报告不存在或尚未发布")
    return report


def _prose(report) -> dict:
    return {"overview": report.overview, "problems": report.problems, "other_matters": report.other_matters}


def _page(request, org_code: str, year: int, version: int | None) -> dict:
    """The report's page content (tables, prose, charts, versions) and its title, rendered."""
    report = _published(org_code, year, version)
    versions = selectors.final_versions(report.org, year)
    context = {"report": report, "org": report.org, "year": year, "title": report_title(report.org.name, year),
               "versions": versions, "newest": versions[0], "is_newest": report.pk == versions[0].pk}
    lead = render_to_string("reports/public/_lead.html", context, request=request)
    # render_html escapes the staff's prose itself (tests/reports: "<script>" comes out as text).
    context["body"] = mark_safe(render_html(report.org.name, year, report.figures, _prose(report), standalone=False,
                                            lead=lead))
    context["charts"] = charts.charts(report.figures, selectors.year_on_year(report.org, year))
    return {"title": context["title"], "content": render_to_string("reports/public/_content.html", context, request=request)}


@require_safe
def detail(request, org_code: str, year: int, version: int | None = None):
    """The rendered content is kept in the shared page store under the page generation (decision 0046,
    0070): everything it is made of — the frozen snapshot, the other years' reports of the chart, the
    versions, the agency's name — is in tables whose every committed write raises the generation, and
    the code in pagecache.release(). So a kept copy is exactly what rendering now would give, and a
    reader without the page cache (or with a session) costs one cache read instead of ~30 ms of
    template rendering. A missing report (404) is never kept."""
    key = f"reports:public:{pagecache.release()}:{pagecache.generation()}:{org_code}:{year}:{version or ''}"
    store = caches["pages"]
    try:
        page = store.get(key)
    except Exception:  # noqa: BLE001 - without the store the page is still rendered, only slower
        log.exception("页面缓存不可用，年度报告页面直接生成")
        store, page = None, None
    if page is None:
        page = _page(request, org_code, year, version)
        if store is not None:
            try:
                store.set(key, page, settings.GONGKAI_PAGECACHE_TIMEOUT)
            except Exception:  # noqa: BLE001
                log.exception("页面缓存不可用，年度报告页面未存入")
    return render(request, "reports/public/detail.html", {"title": page["title"], "content": mark_safe(page["content"])})  # noqa: S308 - rendered above


@require_safe
def download(request, org_code: str, year: int, fmt: str, version: int | None = None):
    if fmt not in ("docx", "xlsx"):
        raise Http404("不支持的格式")
    report = _published(org_code, year, version)
    return report_file(report.org.name, year, fmt, report.figures, _prose(report), version=report.version)
