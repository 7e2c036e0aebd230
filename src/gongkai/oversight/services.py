"""The register of reconsideration (行政复议) and litigation (行政诉讼) cases about disclosure: staff
record each case and its result; section 四 of the annual report is counted from it (decision 0006:
a case counts in the year it was filed, with its result as at 31 December)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.audit.services import audit_record
from gongkai.core.errors import FieldErrors, InvalidInput, NotAllowed
from gongkai.orgs.models import Department, Role
from gongkai.orgs.selectors import has_role

from .models import COUNT_METRICS, AssessmentRule, AssessmentScheme, Metric, PlanTask, ReviewCase

FIELDS = ("case_number", "application", "kind", "result", "filed_on", "concluded_on", "note")
EDITOR_ROLES = (Role.CLERK, Role.SUPERVISOR)


def _editor(by, org) -> None:
    if not any(has_role(by, org, role) for role in EDITOR_ROLES):
        raise NotAllowed("只有本机关的信息员或公开主管可以登记复议诉讼案件")


def review_case_validate(*, org, data: dict, case_id: int | None = None) -> dict:
    """Checks a case as typed and returns the values to store; FieldErrors names every problem.
    A concluded case has a result other than 尚未审结, a pending one has no conclusion date, and a
    case cannot be concluded before it was filed."""
    errors: dict[str, str] = {}
    number = (data.get("case_number") or "").strip()
    if not number:
        errors["case_number"] = "请填写案号"
    elif ReviewCase.objects.filter(org=org, case_number=number).exclude(pk=case_id).exists():
        errors["case_number"] = f"案号“{number}”已登记过"
    app_number = (data.get("application_number") or "").strip()
    application = None
    if app_number:
        application = Application.objects.filter(org=org, number=app_number).first()
        if application is None:
            errors["application_number"] = f"本机关没有登记编号为“{app_number}”的申请"
    if data.get("kind") not in ReviewCase.Kind.values:
        errors["kind"] = "请选择案件类型"
    result = data.get("result") or ReviewCase.Result.PENDING
    if result not in ReviewCase.Result.values:
        errors["result"] = "请选择结果"
    filed_on: dt.date | None = data.get("filed_on")
    concluded_on: dt.date | None = data.get("concluded_on")
    if filed_on is None:
        errors["filed_on"] = "请填写受理/立案日期"
    elif filed_on > timezone.localdate():
        errors["filed_on"] = "受理/立案日期不能晚于今天"
    if result == ReviewCase.Result.PENDING and concluded_on:
        errors["result"] = "已填写审结日期，请选择审结结果（维持、纠正或其他），或清空审结日期"
    elif result in ReviewCase.Result.values and result != ReviewCase.Result.PENDING and not concluded_on:
        errors["concluded_on"] = "已审结的案件请填写审结日期；尚未审结的请选择“尚未审结”"
    if concluded_on and filed_on and concluded_on < filed_on:
        errors["concluded_on"] = "审结日期不能早于受理/立案日期"
    elif concluded_on and concluded_on > timezone.localdate():
        errors["concluded_on"] = "审结日期不能晚于今天"
    if errors:
        raise FieldErrors(errors)
    return {"case_number": number, "application": application, "kind": data["kind"], "result": result,
            "filed_on": filed_on, "concluded_on": concluded_on, "note": (data.get("note") or "").strip()}


def _audit_data(case: ReviewCase) -> dict:
    return {"case_number": case.case_number, "application": case.application.number if case.application else "",
            "kind": case.kind, "result": case.result, "filed_on": case.filed_on, "concluded_on": case.concluded_on}


@transaction.atomic
def review_case_create(*, org, by, data: dict) -> ReviewCase:
    _editor(by, org)
    values = review_case_validate(org=org, data=data)
    case = ReviewCase.objects.create(org=org, created_by=by, **values)
    audit_record("review_case.created", by=by, org=org, obj=case, data=_audit_data(case))
    return case


@transaction.atomic
def review_case_update(*, case_id: int, by, data: dict) -> ReviewCase:
    case = ReviewCase.objects.select_for_update(of=("self",)).select_related("org", "application").get(pk=case_id)
    _editor(by, case.org)
    before = _audit_data(case)
    for field, value in review_case_validate(org=case.org, data=data, case_id=case.pk).items():
        setattr(case, field, value)
    case.save()
    after = _audit_data(case)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record("review_case.updated", by=by, org=case.org, obj=case, data={"case_number": case.case_number,
                                                                               "changed": changed})
    return case


# --- department assessment and the year's work plan -------------------------------------------------

def _assessment_supervisor(by, org) -> None:
    if not has_role(by, org, Role.SUPERVISOR):
        raise NotAllowed("只有本机关的公开主管可以设置考核规则和工作要点")


@transaction.atomic
def assessment_rules_set(*, org, year: int, by, weight_percent, rules: list[tuple[str, object, int]]):
    """Sets YEAR's weight (0–100 %) and its rules (metric, points, target); points add up to 100 and a
    count metric needs a target of at least 1."""
    _assessment_supervisor(by, org)
    errors: dict[str, str] = {}
    try:
        weight = Decimal(str(weight_percent))
    except InvalidOperation:
        weight = Decimal(-1)
    if not Decimal(0) <= weight <= Decimal(100):
        errors["weight_percent"] = "比重应在 0 到 100 之间"
    clean, seen = [], set()
    for metric, points, target in rules:
        if metric not in Metric.values or metric in seen:
            errors[metric or "rules"] = "考核指标无效或重复"
            continue
        seen.add(metric)
        points = Decimal(str(points))
        if points < 0:
            errors[f"points_{metric}"] = f"“{Metric(metric).label}”的分值不能为负数"
        if metric in COUNT_METRICS and points > 0 and (target or 0) < 1:
            errors[f"target_{metric}"] = f"“{Metric(metric).label}”须填写满分所需数量（至少 1 件）"
        clean.append((metric, points, int(target or 0)))
    if not errors and sum(p for _, p, _ in clean) != 100:
        errors["rules"] = f"各项分值之和应为 100（现为 {sum(p for _, p, _ in clean):f}）"
    if errors:
        raise FieldErrors(errors)
    scheme, _ = AssessmentScheme.objects.update_or_create(org=org, year=year, defaults={"weight_percent": weight})
    scheme.rules.all().delete()
    AssessmentRule.objects.bulk_create([AssessmentRule(scheme=scheme, metric=m, points=p, target=t, order=n)
                                        for n, (m, p, t) in enumerate(clean) if p > 0])
    audit_record("assessment.rules_set", by=by, org=org, obj=scheme, data={
        "year": year, "weight_percent": weight, "rules": [[m, p, t] for m, p, t in clean]})
    return scheme


@transaction.atomic
def plan_task_create(*, org, by, year: int, title: str, department_id: int | None, due_on):
    _assessment_supervisor(by, org)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写任务"
    department = Department.objects.filter(org=org, pk=department_id).first() if department_id else None
    if department is None:
        errors["department"] = "请选择本机关的责任处室"
    if due_on is None:
        errors["due_on"] = "请填写完成时限"
    elif due_on.year != year:
        errors["due_on"] = f"完成时限应在{year}年内"
    if errors:
        raise FieldErrors(errors)
    task = PlanTask.objects.create(org=org, year=year, title=title, department=department, due_on=due_on, created_by=by)
    audit_record("plan_task.created", by=by, org=org, obj=task, data={"title": title, "department": department.name,
                                                                     "due_on": due_on})
    return task


def _task_for(task_id: int, by):
    task = PlanTask.objects.select_for_update(of=("self",)).select_related("org", "department").get(pk=task_id)
    responsible = any(has_role(by, task.org, role, task.department) for role in (Role.CLERK, Role.DEPT_HEAD))
    if not (responsible or has_role(by, task.org, Role.SUPERVISOR)):
        raise NotAllowed("只有责任处室的工作人员或公开主管可以登记任务完成情况")
    return task


@transaction.atomic
def plan_task_complete(*, task_id: int, by, completed_on=None):
    task = _task_for(task_id, by)
    if task.completed_on is not None:
        raise InvalidInput(f"该任务已于 {task.completed_on} 完成")
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise FieldErrors({"completed_on": "完成日期不能晚于今天"})
    task.completed_on, task.completed_by = completed_on, by
    task.save(update_fields=["completed_on", "completed_by"])
    audit_record("plan_task.completed", by=by, org=task.org, obj=task, data={"completed_on": completed_on,
                                                                            "on_time": task.is_on_time})
    return task


@transaction.atomic
def plan_task_reopen(*, task_id: int, by):
    task = _task_for(task_id, by)
    if task.completed_on is None:
        raise InvalidInput("该任务尚未完成")
    before = task.completed_on
    task.completed_on, task.completed_by = None, None
    task.save(update_fields=["completed_on", "completed_by"])
    audit_record("plan_task.reopened", by=by, org=task.org, obj=task, data={"was": before})
    return task
