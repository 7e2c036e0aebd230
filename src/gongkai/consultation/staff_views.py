"""The workbench pages of consultations and suggestions (/workbench/consultation/): lists of the
agency's records, drafting and editing, the steps of the state tables, the comments received. Staff
of another agency get 404, as for a record that does not exist. Views parse with a form, call one
service, then render or redirect; the services' Chinese messages are shown as they are."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.downloads import file_download
from gongkai.core.errors import FieldErrors, GongkaiError
from gongkai.orgs.models import Role
from gongkai.workbench.access import agency_staff_view, member_view
from gongkai.workdays.selectors import current_calendar

from . import rules, selectors, services
from .forms import ConsultationForm, ResultForm, SuggestionForm, put_errors
from .models import Comment, Consultation, Suggestion

PAGE_SIZE = 50


def _roles(request, org_id: int) -> set[str]:
    return {m.role for m in request.memberships if m.org_id == org_id}


def record_view(model):
    """A page about one record of MODEL: the user's agencies only (another agency's record is a 404).
    Sets `request.record` and `request.record_roles`."""
    def decorate(view):
        @member_view
        @wraps(view)
        def wrapper(request, pk: int, *args, **kwargs):
            org_ids = {m.org_id for m in request.memberships}
            request.record = get_object_or_404(model.objects.select_related("org", "department"), pk=pk, org_id__in=org_ids)
            request.record_roles = _roles(request, request.record.org_id)
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


def _refused(request, form, error: GongkaiError) -> None:
    if isinstance(error, FieldErrors):
        put_errors(form, error.errors)
    else:
        form.add_error(None, error.message)


# — 征求意见 —

@agency_staff_view
def consultation_list(request):
    page = Paginator(selectors.consultations_for_staff(request.agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "consultation/staff/consultations.html", {
        "org": request.agency, "page": page, "can_draft": Role.CLERK in request.agency_roles,
        "phases": selectors.PHASE_LABELS, "today": timezone.localdate(),
    })


@agency_staff_view
def consultation_new(request):
    form = ConsultationForm(request.POST or None, org=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(org=request.agency, by=request.user, data=form.content())
        except GongkaiError as e:
            _refused(request, form, e)
        else:
            messages.success(request, "草稿已保存。核对无误后请公开主管发布。")
            return redirect("consultation_staff:consultation", pk=consultation.pk)
    return render(request, "consultation/staff/consultation_form.html", {"form": form, "org": request.agency},
                  status=400 if form.errors else 200)


@record_view(Consultation)
def consultation_edit(request):
    consultation = request.record
    form = ConsultationForm(request.POST or None, instance=consultation, org=consultation.org)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(consultation_id=consultation.pk, by=request.user, data=form.content())
        except GongkaiError as e:
            _refused(request, form, e)
        else:
            messages.success(request, "修改已保存")
            return redirect("consultation_staff:consultation", pk=consultation.pk)
    return render(request, "consultation/staff/consultation_form.html",
                  {"form": form, "org": consultation.org, "c": consultation}, status=400 if form.errors else 200)


@record_view(Consultation)
def consultation_detail(request):
    return _detail_page(request)


def _detail_page(request, result_form: ResultForm | None = None):
    consultation = request.record
    roles = request.record_roles
    page = Paginator(selectors.comments_for_staff(consultation), PAGE_SIZE).get_page(request.GET.get("page"))
    status = consultation.status
    return render(request, "consultation/staff/consultation.html", {
        "c": consultation, "page": page, "phase_label": selectors.PHASE_LABELS[selectors.consultation_phase(consultation)],
        "can_edit": status == Consultation.Status.DRAFT and Role.CLERK in roles,
        "can_publish": status == Consultation.Status.DRAFT and Role.SUPERVISOR in roles,
        "can_close": status == Consultation.Status.OPEN and Role.CLERK in roles and timezone.localdate() > consultation.closes_on,
        "can_conclude": status == Consultation.Status.CLOSED and Role.SUPERVISOR in roles,
        "result_form": result_form or ResultForm(),
    }, status=400 if result_form is not None else 200)


_STEPS = {
    "publish": (services.consultation_publish, "已发布：公众可在门户网站查看并在征求意见期限内提交意见"),
    "close": (services.consultation_close, "已截止。请整理意见，由公开主管公布意见采纳情况。"),
}
GUARDED = {"publish"}  # the confidentiality guard reads the texts first (textguard)


def _guard_reason(request) -> str:
    return (request.POST.get("guard_reason") or "").strip()[:2000]


@require_POST
@record_view(Consultation)
def consultation_step(request, action: str):
    consultation = request.record
    if action == "result":
        form = ResultForm(request.POST)
        form.is_valid()
        try:
            services.consultation_result_publish(consultation_id=consultation.pk, by=request.user,
                                                 result_text=form.cleaned_data.get("result_text", ""),
                                                 guard_reason=form.cleaned_data.get("guard_reason", ""))
        except GongkaiError as e:
            _refused(request, form, e)
            return _detail_page(request, result_form=form)
        messages.success(request, "意见采纳情况已在门户网站公布")
        return redirect("consultation_staff:consultation", pk=consultation.pk)
    if action not in _STEPS:
        messages.error(request, f"未知的操作：{action}")
        return redirect("consultation_staff:consultation", pk=consultation.pk)
    service, done = _STEPS[action]
    extra = {"guard_reason": _guard_reason(request)} if action in GUARDED else {}
    try:
        service(consultation_id=consultation.pk, by=request.user, **extra)
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect("consultation_staff:consultation", pk=consultation.pk)


@member_view
def comment_attachment(request, pk: int):
    """Staff download of a comment's attachment; media files are never served directly."""
    org_ids = {m.org_id for m in request.memberships}
    comment = get_object_or_404(Comment.objects.exclude(attachment=""), pk=pk, consultation__org_id__in=org_ids)
    return file_download(comment.attachment, filename=comment.attachment_name, content_type=comment.attachment_type,
                         missing="附件文件不存在")


# — 建议提案 —

@agency_staff_view
def suggestion_list(request):
    org = request.agency
    page = Paginator(selectors.suggestions_for_staff(org), PAGE_SIZE).get_page(request.GET.get("page"))
    calendar, today = current_calendar(), timezone.localdate()
    for s in page.object_list:  # 办理结果公开期限: a setting in working days after the reply
        s.due_on = rules.suggestion_result_due(s.replied_on, org.suggestion_result_working_days, calendar) if s.replied_on else None
        s.late = s.due_on is not None and (s.result_published_on or today) > s.due_on
    return render(request, "consultation/staff/suggestions.html", {
        "org": org, "page": page, "can_edit": Role.CLERK in request.agency_roles,
    })


@agency_staff_view
def suggestion_new(request):
    form = SuggestionForm(request.POST or None, org=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_create(org=request.agency, by=request.user, data=form.content())
        except GongkaiError as e:
            _refused(request, form, e)
        else:
            messages.success(request, f"已登记 {suggestion.number}")
            return redirect("consultation_staff:suggestion", pk=suggestion.pk)
    return render(request, "consultation/staff/suggestion_form.html", {"form": form, "org": request.agency},
                  status=400 if form.errors else 200)


@record_view(Suggestion)
def suggestion_edit(request):
    suggestion = request.record
    roles = request.record_roles
    form = SuggestionForm(request.POST or None, instance=suggestion, org=suggestion.org)
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_update(suggestion_id=suggestion.pk, by=request.user, data=form.content())
        except GongkaiError as e:
            _refused(request, form, e)
        else:
            messages.success(request, "已保存")
            return redirect("consultation_staff:suggestion", pk=suggestion.pk)
    due = (rules.suggestion_result_due(suggestion.replied_on, suggestion.org.suggestion_result_working_days, current_calendar())
           if suggestion.replied_on else None)
    return render(request, "consultation/staff/suggestion_form.html", {
        "form": form, "org": suggestion.org, "s": suggestion, "due_on": due,
        "can_edit": suggestion.status != Suggestion.Status.PUBLISHED and Role.CLERK in roles,
        "can_publish": suggestion.status == Suggestion.Status.REPLIED and Role.SUPERVISOR in roles,
    }, status=400 if form.errors else 200)


@require_POST
@record_view(Suggestion)
def suggestion_publish(request):
    try:
        services.suggestion_result_publish(suggestion_id=request.record.pk, by=request.user,
                                           guard_reason=_guard_reason(request))
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "办理结果已在门户网站公开")
    return redirect("consultation_staff:suggestion", pk=request.record.pk)
