"""The register of reconsideration (行政复议) and litigation (行政诉讼) cases about disclosure: staff
record each case and its result; section 四 of the annual report is counted from it (decision 0006:
a case counts in the year it was filed, with its result as at 31 December)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.audit.services import audit_record
from gongkai.core.errors import FieldErrors, NotAllowed
from gongkai.orgs.models import Role
from gongkai.orgs.selectors import has_role

from .models import ReviewCase

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
