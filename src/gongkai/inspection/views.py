"""督查自查 in the workbench (/workbench/inspection/): the newest run of the agency with its score,
result, findings and early warnings, the history of runs, a button to run now, the exported report,
and for a higher body the agencies under it side by side. Another agency's staff get 404."""
from __future__ import annotations

from urllib.parse import quote

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.orgs.models import Organisation
from gongkai.tasks.models import Job
from gongkai.workbench.access import agency_staff_view

from . import exports
from .models import InspectionRun
from .rules import RULES
from .services import inspection_start

HISTORY = 20


def _page_url(org) -> str:
    return f"{reverse('inspection:index')}?org={org.code}"


@agency_staff_view
def index(request):
    org = request.agency
    runs = list(InspectionRun.objects.filter(org=org).order_by("-ran_at", "-pk")[:HISTORY])
    latest = runs[0] if runs else None
    findings = [{**f, "info": RULES[f["rule"]]} for f in (latest.findings if latest else [])]
    warnings = [{**w, "info": RULES[w["rule"]]} for w in (latest.warnings if latest else [])]
    has_tree = Organisation.objects.filter(parent=org).exists()
    pending = (Job.objects.filter(kind="inspection.run", org=org, state__in=[Job.State.QUEUED, Job.State.RUNNING])
               .order_by("-pk").first())
    return render(request, "inspection/index.html", {"org": org, "latest": latest, "runs": runs, "findings": findings,
                                                     "warnings": warnings, "has_tree": has_tree, "pending": pending})


@require_POST
@agency_staff_view
def run_now(request):
    """Starts a run in the task queue and answers at once with its progress page, which links back here."""
    job = inspection_start(org=request.agency, on=timezone.localdate(), by=request.user)
    return redirect("tasks:job", job.pk)


@agency_staff_view
def export(request, pk: int, fmt: str):
    run = get_object_or_404(InspectionRun, pk=pk, org=request.agency)
    if fmt == "xlsx":
        body, ctype = exports.render_xlsx(run), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        body, ctype = exports.render_docx(run), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("没有这种格式")
    response = HttpResponse(body, content_type=ctype)
    filename = f"自查报告-{run.org.code}-{run.on:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@agency_staff_view
def tree(request):
    """A higher body: the newest run of each agency under it, side by side (a query for the agencies
    with their newest run's id, one for those runs, whatever the history)."""
    org = request.agency
    ids = [i for i in org.descendant_ids() if i != org.pk]
    if not ids:
        raise Http404("该机关没有下级机关")
    newest = InspectionRun.objects.filter(org_id=OuterRef("pk")).order_by("-ran_at", "-pk").values("pk")[:1]
    agencies = list(Organisation.objects.filter(pk__in=ids).annotate(latest_run=Subquery(newest)).order_by("code"))
    latest = InspectionRun.objects.in_bulk([a.latest_run for a in agencies if a.latest_run])
    rows = [{"org": a, "run": latest.get(a.latest_run)} for a in agencies]
    return render(request, "inspection/tree.html", {"org": org, "rows": rows, "rules": RULES})
