"""The annual report in the workbench (/workbench/reports/): the 公开主管 of an agency prepares the
draft, writes the prose, enters the figures that come from other systems, previews every table with
its consistency checked column by column, finalises (a snapshot) and corrects (a new version with a
reason). Other staff of the agency may look; another agency's staff get 404, as for a missing page.
Every count of sections 二 (catalogue rows), 三 and 四 links to the records behind it.

Each view parses with a form, calls one service, then renders or redirects; who may do what is the
services' business, and their Chinese messages are shown as they are.
"""
from __future__ import annotations

import json
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.core.errors import GongkaiError, NotAllowed
from gongkai.orgs.models import Organisation, Role
from gongkai.workbench.access import agency_staff_view

from . import labels as L
from . import selectors, services
from .annual import COLUMNS, PROACTIVE_KINDS, REVIEW_KINDS, ROWS, annual_figures, consistency_by_column
from .exports import render_docx, render_html, render_xlsx, report_json, report_title, table_rows
from .forms import FIRST_YEAR, CorrectForm, FiguresForm, ProseForm, TraceForm, YearForm
from .models import AnnualReport, YearFigures
from .readiness import is_late, publication_deadline

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
TRACE_PAGE_SIZE = 100


def report_view(view):
    """Signed-in staff of the agency named by ?org= (default: the user's first agency). An agency the
    user holds no role in answers 404, like one that does not exist (workbench.access); so does a year
    before the first report or after this one."""

    @agency_staff_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        year = kwargs.get("year")
        if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year:
            raise Http404("没有该年度")
        roles = request.agency_roles
        request.report_org = request.agency
        request.report_orgs = sorted({m.org for m in request.memberships}, key=lambda o: o.code)
        request.is_supervisor = Role.SUPERVISOR in roles
        request.is_caseworker = Role.CLERK in roles or Role.SUPERVISOR in roles
        return view(request, *args, **kwargs)

    return wrapper


def _year_url(request, year: int, **params) -> str:
    query = urlencode({"org": request.report_org.code, **params})
    return f"{reverse('reports_staff:year', args=[year])}?{query}"


@report_view
def index(request):
    """The year picker; without a choice, last year's report (the one written in January)."""
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year - 1
    return redirect(_year_url(request, year))


# --- the year's page ------------------------------------------------------------------------------

def _trace_url(request, year: int, table: str, row: str, col: str, scope: str = "") -> str:
    params = {"org": request.report_org.code, "table": table, "row": row, "col": col}
    if scope:
        params["scope"] = scope
    return f"{reverse('reports_staff:trace', args=[year])}?{urlencode(params)}"


def preview_tables(request, year: int, figures: dict, problems: dict, *, scope: str = "") -> dict:
    """The report's tables (exports.table_rows, the same rows as the DOCX/XLSX/HTML) with a trace link
    on each count that records explain, and the columns whose consistency fails marked."""
    rows = table_rows(figures)
    link = lambda table, row, col: _trace_url(request, year, table, row, col, scope)  # noqa: E731
    applications = [{
        "key": key, "label": values[0], "outcome": key not in ("new", "carried_in", "total", "carried_out"),
        "cells": [{"col": col, "value": value, "url": link("applications", key, col), "bad": col in problems}
                  for col, value in zip(COLUMNS, values[1:])],
    } for key, values in zip(ROWS, rows["applications"][1:])]
    cols = list(L.PROACTIVE_COLUMNS)
    proactive = [{"label": values[0], "cells": [
        {"value": v, "url": link("proactive", kind, c) if kind else ""} for c, v in zip(cols, values[1:])]}
        for kind, values in zip([*PROACTIVE_KINDS, None, None, None, None], rows["proactive"][1:])]
    results = list(L.REVIEW_RESULT_LABELS)
    reviews = [{"label": values[0], "cells": [{"value": v, "url": link("reviews", kind, r)} for r, v in zip(results, values[1:])]}
               for kind, values in zip(REVIEW_KINDS, rows["reviews"][1:])]
    return {
        "applications": applications, "proactive": proactive, "reviews": reviews,
        "proactive_head": rows["proactive"][0], "reviews_head": rows["reviews"][0],
        "org_columns": [{"key": c, "label": L.COLUMN_LABELS[c], "bad": c in problems} for c in L.ORG_COLUMNS],
        "person_bad": "natural_person" in problems, "total_bad": "total" in problems,
    }


def _jsonable(figures: dict) -> dict:
    return json.loads(json.dumps(figures, ensure_ascii=False))


def year_context(request, year: int, **forms) -> dict:
    org = request.report_org
    versions = selectors.report_versions(org, year)
    draft = next((v for v in versions if v.status == AnnualReport.Status.DRAFT), None)
    latest_final = next((v for v in versions if v.status == AnnualReport.Status.FINAL), None)
    figures = annual_figures(org, year)
    problems = consistency_by_column(figures)
    entered = YearFigures.objects.filter(org=org, year=year).select_related("entered_by").first()
    if draft is not None and "prose_form" not in forms:
        forms["prose_form"] = ProseForm(initial={f: getattr(draft, f) for f in
                                                 ("overview", "problems", "other_matters", "correction_reason")},
                                        correcting=draft.version > 1)
    if "figures_form" not in forms:
        initial = {f: getattr(entered, f) for f in ("licensing", "penalty", "enforcement", "fees_10k_yuan")} if entered \
            else {"licensing": 0, "penalty": 0, "enforcement": 0, "fees_10k_yuan": 0}
        forms["figures_form"] = FiguresForm(initial=initial)
    forms.setdefault("correct_form", CorrectForm())
    if latest_final is not None:
        # A final snapshot (JSON in the database) against the live counts, both through JSON alike.
        latest_final.changed = latest_final.figures != _jsonable(figures) if latest_final.figures else False
    return {
        "org": org, "orgs": request.report_orgs, "year": year, "year_form": YearForm(initial={"year": year}),
        "can_edit": request.is_supervisor, "versions": versions, "draft": draft, "latest_final": latest_final,
        "figures": figures, "problems": problems, "tables": preview_tables(request, year, figures, problems),
        "blockers": services.report_blockers(draft, figures) if draft else [], "entered": entered,
        "has_children": Organisation.objects.filter(parent=org).exists(),
        "title": report_title(org.name, year), **forms,
    }


@report_view
def year_page(request, year: int):
    return render(request, "reports/staff/year.html", year_context(request, year))


def _refused(request, year: int, error: GongkaiError, **forms):
    """Renders the year's page again with the service's reason and what was typed (403 when the user
    may not do it at all, 400 when the report is not ready for it)."""
    messages.error(request, error.message)
    status = 403 if isinstance(error, NotAllowed) else 400
    return render(request, "reports/staff/year.html", year_context(request, year, **forms), status=status)


@report_view
@require_POST
def prepare(request, year: int):
    try:
        services.report_prepare(org=request.report_org, year=year, by=request.user)
    except GongkaiError as e:
        return _refused(request, year, e)
    messages.success(request, f"已开始编制{year}年度报告：各部分已按本年度数据预填，请修改后定稿。")
    return redirect(_year_url(request, year))


def _draft_or_404(request, year: int) -> AnnualReport:
    draft = AnnualReport.objects.filter(org=request.report_org, year=year, status=AnnualReport.Status.DRAFT).first()
    if draft is None:
        raise Http404("该年度没有未定稿的报告")
    return draft


@report_view
@require_POST
def prose(request, year: int):
    draft = _draft_or_404(request, year)
    form = ProseForm(request.POST, correcting=draft.version > 1)
    if not form.is_valid():
        return render(request, "reports/staff/year.html", year_context(request, year, prose_form=form), status=400)
    try:
        services.report_update(report_id=draft.pk, by=request.user, overview=form.cleaned_data["overview"],
                               problems=form.cleaned_data["problems"], other_matters=form.cleaned_data["other_matters"],
                               correction_reason=form.cleaned_data.get("correction_reason"))
    except GongkaiError as e:
        return _refused(request, year, e, prose_form=form)
    messages.success(request, "报告文字已保存。")
    return redirect(_year_url(request, year) + "#prose")


@report_view
@require_POST
def figures(request, year: int):
    form = FiguresForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/staff/year.html", year_context(request, year, figures_form=form), status=400)
    try:
        services.year_figures_set(org=request.report_org, year=year, by=request.user, **form.cleaned_data)
    except GongkaiError as e:
        return _refused(request, year, e, figures_form=form)
    messages.success(request, "录入数据已保存。")
    return redirect(_year_url(request, year) + "#entered")


@report_view
def finalise(request, year: int):
    """GET: the confirmation page — the figures and the text exactly as they will be published, what
    still blocks it, and whether it is late; POST (from that page, with confirm=1): finalise."""
    draft = _draft_or_404(request, year)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            report = services.report_finalise(report_id=draft.pk, by=request.user)
        except GongkaiError as e:
            messages.error(request, e.message)
            return render(request, "reports/staff/confirm.html", confirm_context(request, draft),
                          status=403 if isinstance(e, NotAllowed) else 400)
        late = "（晚于1月31日的法定发布期限，已记录）" if report.is_late else ""
        messages.success(request, f"{year}年度报告（第{report.version}版）已定稿，并已在门户网站“年度报告”栏目发布{late}。")
        return redirect(_year_url(request, year))
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.is_supervisor:
        return _refused(request, year, NotAllowed("只有本机关的公开主管可以编制和发布年度报告"))
    return render(request, "reports/staff/confirm.html", confirm_context(request, draft))


def confirm_context(request, draft: AnnualReport) -> dict:
    org, year = request.report_org, draft.year
    figures = annual_figures(org, year)
    today = timezone.localdate()
    prose = services.report_prose(draft)
    return {
        "org": org, "year": year, "draft": draft, "title": report_title(org.name, year),
        "blockers": services.report_blockers(draft, figures, today=today),
        "deadline": publication_deadline(year), "late": draft.version == 1 and is_late(year, today),
        "figures": figures, "preview": render_html(org.name, year, figures, prose, standalone=False),
        "totals": {row: figures["applications"]["rows"][row]["total"] for row in ("new", "carried_in", "total", "carried_out")},
    }


@report_view
@require_POST
def correct(request, year: int):
    form = CorrectForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/staff/year.html", year_context(request, year, correct_form=form), status=400)
    try:
        report = services.report_correct(org=request.report_org, year=year, by=request.user,
                                         reason=form.cleaned_data["reason"])
    except GongkaiError as e:
        return _refused(request, year, e, correct_form=form)
    messages.success(request, f"已创建更正版本（第{report.version}版），修改后请重新定稿。")
    return redirect(_year_url(request, year) + "#prose")


# --- downloads ------------------------------------------------------------------------------------

def report_file(org_name: str, year: int, fmt: str, figures: dict, prose: dict, *, version: int | None):
    """The report in FMT as an attachment; the same four renderers as the CLI."""
    if fmt == "docx":
        body: bytes | str = render_docx(org_name, year, figures, prose)
    elif fmt == "xlsx":
        body = render_xlsx(org_name, year, figures)
    elif fmt == "html":
        body = render_html(org_name, year, figures, prose)
    else:
        body = json.dumps(report_json(figures, prose), ensure_ascii=False, indent=2)
    name = f"{report_title(org_name, year)}{f'（第{version}版）' if version else '（实时数据）'}.{fmt}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@report_view
def download(request, year: int, fmt: str):
    """?version=N: that version — a final one's snapshot, or the draft with the live figures. Without a
    version: the live figures with the draft's prose (if any)."""
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的格式")
    org = request.report_org
    version = request.GET.get("version", "")
    report = None
    if version:
        if not version.isascii() or not version.isdigit():
            raise Http404("没有该版本")
        report = AnnualReport.objects.filter(org=org, year=year, version=int(version)).first()
        if report is None:
            raise Http404("没有该版本")
    else:
        report = AnnualReport.objects.filter(org=org, year=year, status=AnnualReport.Status.DRAFT).first()
    final = report is not None and report.status == AnnualReport.Status.FINAL
    figures = report.figures if final else annual_figures(org, year)
    prose = {f: getattr(report, f) for f in ("overview", "problems", "other_matters")} if report else {}
    return report_file(org.name, year, fmt, figures, prose, version=report.version if final else None)


# --- traceability ---------------------------------------------------------------------------------

def _scope_ids(request) -> tuple[list[int], str]:
    """The agency alone, or with ?scope=tree the whole tree under it (a higher body's figures)."""
    if request.GET.get("scope") == "tree":
        return request.report_org.descendant_ids(), "tree"
    return [request.report_org.pk], ""


@report_view
def trace(request, year: int):
    form = TraceForm(request.GET)
    if not form.is_valid():
        raise Http404("没有该数字")
    table, row, col = (form.cleaned_data[k] for k in ("table", "row", "col"))
    if not selectors.trace_is_valid(table, row, col):
        raise Http404("没有该数字")
    org_ids, scope = _scope_ids(request)
    records = selectors.trace_records(org_ids, year, table, row, col)
    page = Paginator(records, TRACE_PAGE_SIZE).get_page(request.GET.get("page"))
    back = (f"{reverse('reports_staff:aggregate', args=[year])}?org={request.report_org.code}" if scope
            else _year_url(request, year))
    return render(request, "reports/staff/trace.html", {
        "org": request.report_org, "year": year, "table": table, "label": selectors.trace_label(table, row, col),
        "page": page, "back": back, "scope": scope, "link_cases": request.is_caseworker and not scope,
    })


# --- a higher body: the report over its whole tree --------------------------------------------------

def _tree_or_404(request) -> list[int]:
    ids = request.report_org.descendant_ids()
    if len(ids) == 1:
        raise Http404("本机关没有下级机关")
    return ids


@report_view
def aggregate(request, year: int):
    org = request.report_org
    ids = _tree_or_404(request)
    figures = annual_figures(org, year, org_ids=ids)
    problems = consistency_by_column(figures)
    return render(request, "reports/staff/aggregate.html", {
        "org": org, "year": year, "agencies": len(ids), "figures": figures, "problems": problems,
        "tables": preview_tables(request, year, figures, problems, scope="tree"),
        "comparison": selectors.comparison(ids, year), "title": f"{org.name}（含下级机关）{year}年政府信息公开工作年度报告汇总",
    })


@report_view
def aggregate_download(request, year: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的格式")
    org = request.report_org
    figures = annual_figures(org, year, org_ids=_tree_or_404(request))
    return report_file(f"{org.name}（含下级机关）", year, fmt, figures, {}, version=None)


@require_POST
@report_view
def aggregate_export(request, year: int):
    """The tree's report as DOCX/XLSX by a worker (decision 0054): for a province the figures of a few
    hundred agencies; the page answers at once and the job's page offers the file when it is ready."""
    from .jobs import FORMATS, report_export_start

    _tree_or_404(request)
    fmt = request.POST.get("fmt", "")
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    job = report_export_start(org=request.report_org, year=year, fmt=fmt, by=request.user)
    return redirect("tasks:job", job.pk)
