"""The staff side of applications (依申请公开) in the workbench: the queue, registration of applications
that came on paper, and the case page with every step of the legal clock.

For the 信息员 and 公开主管 of the handling agency only: another agency's staff get the same 404 for our
cases as for cases that do not exist. Each view parses with a form, calls one service, then renders or
redirects; the rules (who may, by when, from which status) live in `services`, whose Chinese messages
are shown as they are.
"""
from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.downloads import file_download
from gongkai.core.errors import FieldErrors, GongkaiError, InvalidInput
from gongkai.core.forms import form_errors_text
from gongkai.orgs.models import Organisation, Role
from gongkai.workbench.access import member_view
from gongkai.workdays.rules import working_days_left
from gongkai.workdays.selectors import current_calendar

from . import flags, selectors, services
from .letters import letter_filename, letter_render
from .models import Application, Decision, Document
from .outcomes import Outcome
from .staff_forms import (AssignForm, ConsultationEndForm, ConsultationStartForm, CorrectionRequestForm, DecisionDraftForm,
                          DecisionReviewForm, ExtensionForm, FeeNoticeForm, OnForm, QueueFilterForm,
                          RedactedUploadForm, RegisterForm)

S = Application.Status
STATUS_LABELS = {value: str(label) for value, label in S.choices}
CASEWORK_ROLES = {Role.CLERK, Role.SUPERVISOR}
ENCRYPTED_FIELDS = ("id_number", "phone", "email", "address")


def casework_view(view):
    """Signed-in 信息员 and 公开主管 only. Applications are read through the agencies where the user holds
    one of those roles — a 处室负责人 of ours, or a clerk of another agency, sees none of our cases."""

    @member_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        memberships = request.memberships
        case_orgs = {m.org_id for m in memberships if m.role in CASEWORK_ROLES}
        if not case_orgs:
            return render(request, "applications/staff/not_caseworker.html", status=403)
        request.case_org_ids = case_orgs
        request.supervisor_org_ids = {m.org_id for m in memberships if m.role == Role.SUPERVISOR}
        # selectors.applications_for_staff scopes by orgs.selectors.user_org_ids, which caches on the
        # user: narrowed here to the casework agencies, every read below is scoped the same way.
        request.user._gongkai_org_ids = case_orgs
        return view(request, *args, **kwargs)

    return wrapper


# --- queue ----------------------------------------------------------------------------------------

CLOSED_FIELDS = ("pk", "number", "applicant_name", "applicant_type", "id_masked", "phone_masked", "credit_code", "subject",
                 "status", "received_on", "closed_on", "outcome", "effective_due_on", "flag_possible_repeat_id",
                 "flag_excessive", "calendar_warning")


@casework_view
def queue(request):
    filters = QueueFilterForm(request.GET or None)
    show = (filters.cleaned_data.get("show") if filters.is_valid() else "") or "open"
    context = {"filters": filters, "show": show, "rows": None, "page": None, "warnings": []}
    if show == "closed":
        closed = (selectors.applications_for_staff(request.user).filter(status=S.CLOSED)
                  .order_by("-closed_on", "-pk").only(*CLOSED_FIELDS))
        context["page"] = Paginator(closed, settings.GONGKAI_PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        rows = selectors.queue(request.user, today=timezone.localdate(), handler_only=show == "mine")
        base = reverse("applications_staff:queue")
        context["rows"] = rows
        context["rows_html"] = mark_safe("".join(queue_row_html(row, base) for row in rows))
        context["counts"] = {"overdue": sum(r.overdue for r in rows), "soon": sum(r.due_soon for r in rows)}
        context["warnings"] = sorted({r.app.calendar_warning for r in rows if r.app.calendar_warning})
    return render(request, "applications/staff/queue.html", context)


def queue_row_html(row: selectors.QueueRow, base: str) -> str:
    """One row of the queue. Written in Python rather than in the template language because a clerk
    may have a thousand open cases and the page must render in under 100 ms (issue 3), which the
    template engine cannot do for ten cells a row; every value from the database is escaped."""
    app = row.app
    who = escape(app.id_masked or app.credit_code)
    if app.phone_masked:
        who += f" · {escape(app.phone_masked)}"
    flags = ""
    if app.flag_possible_repeat_id:
        flags += f'<a class="ap-flag" href="{base}{app.flag_possible_repeat_id}/">疑似重复（查看前案）</a>'
    if app.flag_excessive:
        flags += '<span class="ap-flag">疑似大量反复申请（第三十五条）</span>'
    if app.effective_due_on:
        due = app.effective_due_on.isoformat() + ("（已延期）" if app.extended else "")
    else:
        due = "暂停计时"
    if row.overdue:
        left, mark = f'<span class="ap-due ap-due--overdue">已超期</span> {-row.days_left} 个工作日', ' class="ap-row--overdue"'
    elif row.days_left is None:
        left, mark = "—", ""
    elif row.due_soon:
        left, mark = f'{row.days_left} <span class="ap-due ap-due--soon">即将到期</span>', ' class="ap-row--soon"'
    else:
        left, mark = str(row.days_left), ""
    subject = app.subject if len(app.subject) <= 40 else app.subject[:39] + "…"
    return (f'<tr{mark}><td data-label="登记编号" class="wb-nowrap"><a href="{base}{app.pk}/">{escape(app.number)}</a></td>'
            f'<td data-label="申请人">{escape(app.applicant_name)}<span class="wb-meta ap-block">{who}</span>{flags}</td>'
            f'<td data-label="申请内容">{escape(subject)}</td>'
            f'<td data-label="收到日期" class="wb-nowrap">{app.received_on.isoformat()}</td>'
            f'<td data-label="状态">{STATUS_LABELS.get(app.status, "")}</td>'
            f'<td data-label="答复期限" class="wb-nowrap">{due}</td>'
            f'<td data-label="剩余工作日" class="wb-nowrap">{left}</td></tr>\n')


# --- registration of an application that came on paper ------------------------------------------

@casework_view
def register(request):
    orgs = Organisation.objects.filter(pk__in=request.case_org_ids).order_by("pk")
    form = RegisterForm(request.POST or None, request.FILES or None, orgs=orgs,
                        initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_register(
                org=form.cleaned_data.get("org") or orgs[0], by=request.user, data=form.applicant_data(),
                channel=form.cleaned_data["channel"], received_on=form.cleaned_data["received_on"],
                scans=form.scan_files())
        except FieldErrors as e:
            for name, message in e.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except GongkaiError as e:
            form.add_error(_field_of(e.message), e.message)
        else:
            messages.success(request, f"登记成功。请告知申请人：登记编号 {app.number}，查询码 {app.query_code}"
                                      "（凭此在门户网站查询办理进度）。")
            return redirect("applications_staff:case", pk=app.pk)
    return render(request, "applications/staff/register.html", {"form": form})


def _field_of(message: str) -> str | None:
    """Where a service's refusal of a registration belongs on the form."""
    if message.startswith("收到申请日期"):
        return "received_on"
    if message.startswith("文件"):
        return "scans"
    return None


# --- the case page --------------------------------------------------------------------------------

def _case(request, pk: int) -> Application:
    # The encrypted values are not loaded: the page shows the stored masks, and the reveal reads the
    # full values itself (services.personal_data_reveal, recorded).
    qs = (selectors.applications_for_staff(request.user).select_related("org", "handler", "registered_by",
                                                                       "flag_possible_repeat")
          .defer(*ENCRYPTED_FIELDS))
    return get_object_or_404(qs, pk=pk)


@casework_view
def case(request, pk: int):
    app = _case(request, pk)
    return render(request, "applications/staff/case.html", _case_context(request, app))


def _shown_once(request, pk: int, service, shown: str):
    """Runs SERVICE on the case and shows its answer in this response only (never cached): the case
    page with context SHOWN set, or the case page with the service's refusal."""
    app = _case(request, pk)
    try:
        value = service(app_id=app.pk, by=request.user)
    except GongkaiError as e:
        messages.error(request, e.message)
        return redirect("applications_staff:case", pk=app.pk)
    return render(request, "applications/staff/case.html", _case_context(request, app, **{shown: value}))


@casework_view
@require_POST
@never_cache
def reveal(request, pk: int):
    """The full ID number, phone, e-mail and address, shown in this response only; the view is recorded."""
    return _shown_once(request, pk, services.personal_data_reveal, "revealed")


@casework_view
@require_POST
@never_cache
def query_code_reset(request, pk: int):
    """A new query code, shown in this answer only (decision 0025)."""
    return _shown_once(request, pk, services.query_code_reset, "new_query_code")


def case_actions(app: Application, *, user, is_supervisor: bool, pending: Decision | None) -> set[str]:
    """The steps the page offers: those the case's status allows (services.TRANSITIONS) and the user's
    role may take — 延期 and 审批答复 are the 公开主管's."""
    actions = {name for name, statuses in services.TRANSITIONS.items() if app.status in statuses}
    if app.correction_requested_on:
        actions.discard("correction_request")  # 第三十条: one notice, once
    if app.extended:
        actions.discard("extension_approve")
    if not is_supervisor:
        actions -= {"extension_approve", "decision_approve", "decision_return"}
    if pending is None:
        actions -= {"decision_approve", "decision_return"}
    elif pending.drafted_by_id == user.pk and not settings.GONGKAI_ALLOW_SELF_APPROVAL:
        actions.discard("decision_approve")
    if app.is_open:
        actions |= {"redacted_upload", "assign"}
    return actions


def _case_context(request, app: Application, *, revealed: dict | None = None, new_query_code: str = "") -> dict:
    today = timezone.localdate()
    decisions = list(app.decisions.select_related("drafted_by", "approved_by"))
    pending = next((d for d in decisions if d.status == Decision.Status.DRAFT), None)
    actions = case_actions(app, user=request.user, is_supervisor=app.org_id in request.supervisor_org_ids,
                           pending=pending)
    kept = request.session.pop("application_action_form", None)  # what was typed before a refusal
    wanted = actions | ({"decision_review"} if actions & {"decision_approve", "decision_return"} else set())
    # Several small forms on one page: ids carry the action's name so that no two fields share one.
    forms = {name: _limit(form_class(initial=_initial(name, app, today, pending), auto_id=f"{name}-%s"), app)
             for name, (form_class, _, _) in ACTIONS.items() if name in wanted}
    if kept and kept.get("app") == app.pk and kept["action"] in forms:
        bound = _limit(ACTIONS[kept["action"]][0](kept["data"], auto_id=f"{kept['action']}-%s"), app)
        bound.is_valid()
        if kept.get("error"):
            bound.add_error(None, kept["error"])
        forms[kept["action"]] = bound
    left = (working_days_left(today, app.effective_due_on, current_calendar())
            if app.effective_due_on and app.is_open else None)
    events = list(app.events.select_related("by").order_by("on", "at", "pk"))
    for event in events:
        event.details = event_details(event)
    return {
        "app": app, "today": today, "days_left": left, "overdue_days": -left if left and left < 0 else 0,
        "revealed": revealed, "events": events, "new_query_code": new_query_code,
        "soon": settings.GONGKAI_DUE_SOON_WORKING_DAYS,
        "pauses": list(app.pauses.all()), "documents": list(app.documents.all()), "letters": list(app.letters.all()),
        "decisions": decisions, "pending": pending, "actions": actions, "forms": forms,
        "self_drafted": pending is not None and pending.drafted_by_id == request.user.pk
                        and not settings.GONGKAI_ALLOW_SELF_APPROVAL,
    }


EVENT_DATA = (("term_on", "补正期限"), ("party", "被征求意见方"), ("answer_due_on", "对方答复期限"),
              ("extended_due_on", "延长后的答复期限"), ("fee_yuan", "金额（元）"), ("pay_by", "缴费期限"),
              ("old_due", "原答复期限"), ("new_due", "新答复期限"), ("level", "提醒"), ("recipients", "收件人"))


def event_details(event) -> str:
    """The facts an event carries besides its note (dates, parties, amounts), in words."""
    data = event.data or {}
    parts = [f"{label}：{'、'.join(data[key]) if isinstance(data[key], list) else data[key]}"
             for key, label in EVENT_DATA if data.get(key) not in (None, "", [])]
    if data.get("outcome") in Outcome.values:
        parts.append(f"办理结果：{Outcome(data['outcome']).label}")
    return "；".join(parts)


def _limit(form, app: Application):
    """Choices that depend on the case's agency: only its own staff can be named handler."""
    if "handler" in form.fields:
        form.fields["handler"].queryset = services.eligible_handlers(app.org)
    return form


def _initial(action: str, app: Application, today, pending: Decision | None) -> dict:
    initial = {"on": today, "decision": pending.pk if pending else None, "handler": app.handler_id}
    if action == "fee_notice":
        # 按件计收 counts the applicant's applications in the calendar month of this one.
        initial.update(method="count", monthly_count=flags.monthly_count(app))
    return initial


# --- the steps of a case: one small POST form each, one service each ------------------------------

def _decision_id(app: Application, form) -> int:
    decision_id = form.cleaned_data["decision"]
    if not app.decisions.filter(pk=decision_id).exists():
        raise InvalidInput("该答复拟稿不属于本申请")
    return decision_id


def _review(app, by, form):
    decision_id = _decision_id(app, form)
    if form.cleaned_data["verdict"] == "approve":
        # A written approval comment is also the reason to keep what the guard flagged (audited).
        return services.decision_approve(decision_id=decision_id, by=by, guard_reason=form.cleaned_data["comment"])
    return services.decision_return(decision_id=decision_id, by=by, comment=form.cleaned_data["comment"])


def _review_done(form) -> str:
    if form.cleaned_data["verdict"] == "approve":
        return "答复已批准：已生成答复告知书（DOCX、PDF），申请人可在查询页查看"
    return "答复拟稿已退回承办人修改"


ACTIONS = {
    "assign": (AssignForm, lambda app, by, f: services.application_assign(
        app_id=app.pk, by=by, handler=f.cleaned_data["handler"]), "已指定承办人"),
    "correction_request": (CorrectionRequestForm, lambda app, by, f: services.correction_request(
        app_id=app.pk, by=by, on=f.cleaned_data["on"], what=f.cleaned_data["what"], term_on=f.cleaned_data["term_on"]),
        "已告知补正：答复期限暂停，自收到补正之日起重新计算"),
    "correction_received": (OnForm, lambda app, by, f: services.correction_received(
        app_id=app.pk, by=by, on=f.cleaned_data["on"]), "已记录收到补正，答复期限已重新计算"),
    "correction_lapsed": (OnForm, lambda app, by, f: services.correction_lapsed(
        app_id=app.pk, by=by, on=f.cleaned_data["on"]), "申请人逾期未补正，申请已终止"),
    "consultation_start": (ConsultationStartForm, lambda app, by, f: services.consultation_start(
        app_id=app.pk, by=by, on=f.cleaned_data["on"], party=f.cleaned_data["party"], kind=f.cleaned_data["kind"]),
        "已记录征求意见：征求意见期间不计入答复期限"),
    "consultation_end": (ConsultationEndForm, lambda app, by, f: services.consultation_end(
        app_id=app.pk, by=by, on=f.cleaned_data["on"], note=f.cleaned_data["note"]), "征求意见已结束，答复期限继续计算"),
    "extension_approve": (ExtensionForm, lambda app, by, f: services.extension_approve(
        app_id=app.pk, by=by, on=f.cleaned_data["on"], reason=f.cleaned_data["reason"]),
        "已批准延期，请告知申请人延长后的答复期限"),
    "fee_notice": (FeeNoticeForm, lambda app, by, f: services.fee_notice(
        app_id=app.pk, by=by, on=f.cleaned_data["on"], method=f.cleaned_data["method"], **f.amounts()),
        "已发出收费通知：缴费前答复期限暂停"),
    "fee_paid": (OnForm, lambda app, by, f: services.fee_paid(app_id=app.pk, by=by, on=f.cleaned_data["on"]),
                 "已记录缴费，答复期限继续计算"),
    "fee_lapsed": (OnForm, lambda app, by, f: services.fee_lapsed(app_id=app.pk, by=by, on=f.cleaned_data["on"]),
                   "申请人逾期未缴费，申请已终止"),
    "decision_draft": (DecisionDraftForm, lambda app, by, f: services.decision_draft(
        app_id=app.pk, by=by, outcome=f.cleaned_data["outcome"], reply_text=f.cleaned_data["reply_text"],
        legal_basis=f.cleaned_data["legal_basis"]), "答复已拟定，等待公开主管审批"),
    "decision_review": (DecisionReviewForm, _review, _review_done),
    "redacted_upload": (RedactedUploadForm, lambda app, by, f: services.document_add(
        app=app, kind=Document.Kind.REDACTED, name=f.name(), content=f.content(), public=True),
        "已上传区分处理后的公开材料，答复批准后申请人可在查询页下载"),
}


@casework_view
@require_POST
def case_action(request, pk: int, action: str):
    app = _case(request, pk)
    if action not in ACTIONS:
        raise Http404("没有这项操作")
    form_class, call, done = ACTIONS[action]
    form = _limit(form_class(request.POST, request.FILES), app)
    error = None
    if not form.is_valid():
        error = form_errors_text(form)
    else:
        try:
            call(app, request.user, form)
        except GongkaiError as e:
            error = e.message
    if error:
        messages.error(request, error)
        # Back on the case page the form shows again with what was typed and the reason beside it.
        data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        if action != "redacted_upload":  # a chosen file cannot be kept: that form simply shows again empty
            request.session["application_action_form"] = {"app": app.pk, "action": action, "data": data,
                                                          "error": error if form.is_valid() else ""}
    else:
        messages.success(request, done(form) if callable(done) else done)
    return redirect(reverse("applications_staff:case", args=[app.pk]) + f"#{'actions' if error else 'clock'}")



@casework_view
def document_download(request, pk: int, doc_pk: int):
    """Any file of a case of ours (scans, attachments, letters); media files are never served directly."""
    app = _case(request, pk)
    doc = get_object_or_404(app.documents, pk=doc_pk)
    response = file_download(doc.file, filename=doc.name, content_type=doc.content_type, missing="文件不存在")
    response["Cache-Control"] = "private, no-store"
    return response


LETTER_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}


@casework_view
def letter_download(request, pk: int, letter_pk: int, fmt: str):
    """A letter of a case of ours as DOCX or PDF, drawn from the text kept when it was issued."""
    app = _case(request, pk)
    letter = get_object_or_404(app.letters, pk=letter_pk)
    if fmt not in LETTER_TYPES:
        raise Http404("不支持的格式")
    response = HttpResponse(letter_render(letter, fmt), content_type=LETTER_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, letter_filename(letter, fmt))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
