"""The department assessment in the workbench (/workbench/oversight/assessment/ and plan/): the
scoreboard of a period, the rules of the year (its 公开主管 sets them), the 通报 as DOCX, and the year's
work plan (政务公开工作要点) with each task's completion. Another agency's staff get 404."""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.core.errors import FieldErrors, GongkaiError, NotAllowed
from gongkai.orgs.models import Role
from gongkai.workbench.access import agency_staff_view

from . import services
from .assessment import figure_text, rules_of, scoreboard
from .forms import CompleteForm, PeriodForm, PlanTaskForm, RulesForm
from .models import PlanTask
from .notice import notice_title, render_notice

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request) -> tuple[int, str]:
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"], form.cleaned_data["period"] or "year"
    return timezone.localdate().year, "year"


def _back(request, name: str, year: int, **params) -> str:
    return f"{reverse(f'oversight:{name}')}?{urlencode({'org': request.agency.code, 'year': year, **params})}"


def _scoreboard_page(request, year: int, period: str, rules_form=None, status=200):
    board = scoreboard(request.agency, year, period)
    for row in board["rows"]:
        for cell in row["cells"]:
            cell["text"] = figure_text(cell)
    if rules_form is None:
        weight, rules = rules_of(request.agency, year)
        rules_form = RulesForm(initial=RulesForm.initial_for(weight, rules))
    return render(request, "oversight/scoreboard.html", {
        "org": request.agency, "board": board, "year": year, "period": period,
        "period_form": PeriodForm(initial={"year": year, "period": period}), "rules_form": rules_form,
        "can_edit": Role.SUPERVISOR in request.agency_roles, "title": notice_title(board)}, status=status)


@agency_staff_view
def scoreboard_page(request):
    year, period = _period(request)
    return _scoreboard_page(request, year, period)


@agency_staff_view
@require_POST
def rules_set(request):
    year, period = _period(request)
    form = RulesForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_rules_set(org=request.agency, year=year, by=request.user,
                                          weight_percent=form.cleaned_data["weight_percent"], rules=form.rules())
        except NotAllowed as e:
            messages.error(request, e.message)
            return _scoreboard_page(request, year, period, form, status=403)
        except FieldErrors as e:
            for name, message in e.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, f"已保存{year}年的考核规则。")
            return redirect(_back(request, "scoreboard", year, period=period))
    return _scoreboard_page(request, year, period, form, status=400)


@agency_staff_view
def notice_download(request):
    year, period = _period(request)
    board = scoreboard(request.agency, year, period)
    response = HttpResponse(render_notice(board, issued_on=timezone.localdate()), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{notice_title(board)}.docx")
    return response


def _plan_page(request, year: int, form=None, status=200):
    org = request.agency
    tasks = PlanTask.objects.filter(org=org, year=year).select_related("department", "completed_by")
    form = form or PlanTaskForm(departments=org.departments.all())
    today = timezone.localdate()
    return render(request, "oversight/plan.html", {
        "org": org, "year": year, "tasks": tasks, "form": form, "today": today,
        "can_edit": Role.SUPERVISOR in request.agency_roles,
        "done": sum(1 for t in tasks if t.completed_on), "on_time": sum(1 for t in tasks if t.is_on_time),
        "overdue": sum(1 for t in tasks if t.completed_on is None and t.due_on < today)}, status=status)


@agency_staff_view
def plan(request):
    year, _ = _period(request)
    if request.method != "POST":
        return _plan_page(request, year)
    form = PlanTaskForm(request.POST, departments=request.agency.departments.all())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_task_create(org=request.agency, by=request.user, year=year, title=d["title"],
                                      department_id=d["department"], due_on=d["due_on"])
        except NotAllowed as e:
            messages.error(request, e.message)
            return _plan_page(request, year, form, status=403)
        except FieldErrors as e:
            for name, message in e.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, f"已添加任务：{d['title']}")
            return redirect(_back(request, "plan", year))
    return _plan_page(request, year, form, status=400)


@agency_staff_view
@require_POST
def plan_task_change(request, pk: int, action: str):
    task = get_object_or_404(PlanTask, pk=pk, org=request.agency)
    if action not in ("complete", "reopen"):
        raise Http404("没有该操作")
    try:
        if action == "complete":
            form = CompleteForm(request.POST)
            completed_on = form.cleaned_data["completed_on"] if form.is_valid() else None
            services.plan_task_complete(task_id=task.pk, by=request.user, completed_on=completed_on)
            messages.success(request, f"已登记完成：{task.title}")
        else:
            services.plan_task_reopen(task_id=task.pk, by=request.user)
            messages.success(request, f"已撤销完成登记：{task.title}")
    except GongkaiError as e:
        messages.error(request, e.message)
    return redirect(_back(request, "plan", task.year))
