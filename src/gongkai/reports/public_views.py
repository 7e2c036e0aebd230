"""The portal's 年度报告 column (/reports/): finalised reports only — the newest final version of each
agency's report for each year, as accessible HTML with simple charts, and the snapshot as DOCX and
XLSX. A draft is never shown: it answers 404 like a report that does not exist. No view here looks
at who is signed in."""
from __future__ import annotations

from itertools import groupby

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from . import charts, selectors
from .exports import render_html, report_title
from .views import report_file


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


@require_safe
def detail(request, org_code: str, year: int, version: int | None = None):
    report = _published(org_code, year, version)
    versions = selectors.final_versions(report.org, year)
    context = {"report": report, "org": report.org, "year": year, "title": report_title(report.org.name, year),
               "versions": versions, "newest": versions[0], "is_newest": report.pk == versions[0].pk}
    lead = render_to_string("reports/public/_lead.html", context, request=request)
    # render_html escapes the staff's prose itself (tests/reports: "<script>" comes out as text).
    context["body"] = mark_safe(render_html(report.org.name, year, report.figures, _prose(report), standalone=False,
                                            lead=lead))
    context["charts"] = charts.charts(report.figures, selectors.year_on_year(report.org, year))
    return render(request, "reports/public/detail.html", context)


@require_safe
def download(request, org_code: str, year: int, fmt: str, version: int | None = None):
    if fmt not in ("docx", "xlsx"):
        raise Http404("不支持的格式")
    report = _published(org_code, year, version)
    return report_file(report.org.name, year, fmt, report.figures, _prose(report), version=report.version)
