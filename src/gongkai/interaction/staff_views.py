"""Messages in the workbench: the queue (due, late and unanswered marked, ordered by due date), the
held-back queue, and a message's page with the steps the user may take.

Staff of the agency only: another agency's staff get the same 404 for our messages as for messages
that do not exist (messages are read through selectors.messages_for_staff). Each step parses with a
form and calls one service; who may take it is the service's business, and its Chinese message is
shown as it is, beside what was typed.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.audit.models import AuditEntry
from gongkai.core.errors import FieldErrors, GongkaiError
from gongkai.orgs.models import Role
from gongkai.orgs.selectors import user_org_ids
from gongkai.workbench.access import member_view
from gongkai.workdays.selectors import current_calendar

from . import rules, selectors, services
from .forms import AssignForm, CommentForm, DraftForm, QueueFilterForm, ReasonForm
from .models import Message
from .workflow import LABELS, Action, actions_from, roles_for

S = Message.Status
PAGE_SIZE = 50
SHOW = {
    "open": Message.OPEN_STATUSES, "held": (S.HELD,), "replied": (S.REPLIED,), "discarded": (S.DISCARDED,),
}
# The steps of the page: action → (form, service call, message shown after it).
ACTIONS = {
    Action.RELEASE: (None, lambda m, by, f: services.message_release(message_id=m.pk, by=by), "已确认为正常留言，进入待分办"),
    Action.DISCARD: (ReasonForm, lambda m, by, f: services.message_discard(message_id=m.pk, by=by, reason=f.cleaned_data["reason"]),
                     "已甄别为垃圾信息（仍保存，可恢复）"),
    Action.ASSIGN: (AssignForm, lambda m, by, f: services.message_assign(message_id=m.pk, by=by, department=f.cleaned_data["department"]),
                    "已分办到承办处室"),
    Action.DRAFT: (DraftForm, lambda m, by, f: services.message_draft(message_id=m.pk, by=by, **f.cleaned_data), "答复已提交处室负责人审核"),
    Action.APPROVE: (None, lambda m, by, f: services.message_approve(message_id=m.pk, by=by), "答复已审核通过并发出"),
    Action.RETURN: (CommentForm, lambda m, by, f: services.message_return(message_id=m.pk, by=by, comment=f.cleaned_data["comment"]),
                    "答复已退回修改"),
    "publish": (None, lambda m, by, f: services.message_publish(message_id=m.pk, by=by), "已在网站“回应关切”栏目公开"),
    "unpublish": (ReasonForm, lambda m, by, f: services.message_unpublish(message_id=m.pk, by=by, reason=f.cleaned_data["reason"]),
                  "已从网站撤下"),
}


HISTORY_LABELS = {**LABELS, "received": "收到留言", "published": "在网站公开", "unpublished": "从网站撤下",
                  "reminder": "到期提醒", "imported": "导入"}


def _mark(msg: Message, today, calendar) -> Message:
    """Due, late, unanswered — what the queue marks on each row."""
    msg.is_late = msg.is_open and msg.due_on is not None and msg.due_on < today
    msg.days_left = rules.days_left(today, msg.due_on, calendar) if msg.is_open and msg.due_on else None
    msg.late_days = -msg.days_left if msg.is_late and msg.days_left is not None else 0
    msg.is_due = msg.is_open and not msg.is_late and msg.days_left is not None and msg.days_left <= 1
    msg.replied_late = msg.status == S.REPLIED and msg.due_on is not None and msg.replied_on > msg.due_on
    return msg


def _mine(user, qs):
    """待我办理: the steps waiting for this user's role — 分办 for 信息员/公开主管, 拟稿 in the
    clerk's department, 审核 in the head's department."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for m in selectors.user_memberships(user):
        in_dept = Q(org_id=m.org_id) & (Q(department_id=m.department_id) if m.department_id else Q())
        if m.role in (Role.CLERK, Role.SUPERVISOR):
            q |= Q(org_id=m.org_id, status__in=[S.RECEIVED, S.HELD])
        if m.role == Role.CLERK:
            q |= in_dept & Q(status__in=[S.ASSIGNED, S.RETURNED])
        if m.role == Role.DEPT_HEAD:
            q |= in_dept & Q(status=S.IN_REVIEW)
    return qs.filter(q)


@member_view
def queue(request):
    filters = QueueFilterForm(request.GET or None)
    show = (filters.cleaned_data.get("show") if filters.is_valid() else "") or "open"
    qs = selectors.messages_for_staff(request.user).select_related("org", "department")
    if show == "mine":
        qs = _mine(request.user, qs).order_by("due_on", "pk")
    elif show in ("replied", "discarded"):
        qs = qs.filter(status__in=SHOW[show]).order_by("-replied_on" if show == "replied" else "-received_on", "-pk")
    else:
        qs = qs.filter(status__in=SHOW[show]).order_by("due_on", "pk")
    page = Paginator(qs.defer("body", "reply", "public_body"), PAGE_SIZE).get_page(request.GET.get("page"))
    today, calendar = timezone.localdate(), current_calendar()
    names = selectors.channel_names(sorted(user_org_ids(request.user)))
    for msg in page.object_list:
        _mark(msg, today, calendar)
        msg.channel_name = names.get(msg.channel, msg.channel)
    open_qs = selectors.messages_for_staff(request.user).filter(status__in=Message.OPEN_STATUSES)
    counts = {"open": open_qs.count(), "late": open_qs.filter(due_on__lt=today).count(),
              "held": selectors.messages_for_staff(request.user).filter(status=S.HELD).count()}
    return render(request, "interaction/staff/queue.html",
                  {"filters": filters, "show": show, "page": page, "counts": counts})


def _message(request, pk: int) -> Message:
    msg = selectors.messages_for_staff(request.user).select_related("org", "department", "drafted_by", "approved_by").filter(pk=pk).first()
    if msg is None:
        raise Http404("没有该留言")
    return msg


def _offered(msg: Message, user) -> list[str]:
    """The steps the page offers: those the status allows and one of the user's roles may take."""
    roles = {m.role for m in selectors.user_memberships(user) if m.org_id == msg.org_id}
    offered = [a for a in actions_from(msg.status) if roles & roles_for(a)]
    if roles & {Role.CLERK, Role.SUPERVISOR} and msg.status == S.REPLIED and msg.is_public:
        offered.append("unpublish" if msg.is_published else "publish")
    return offered


def _context(request, msg: Message, bound: dict | None = None) -> dict:
    offered = _offered(msg, request.user)
    forms = {}
    for action in offered:
        form_class = ACTIONS[action][0]
        if form_class is None:
            continue
        kwargs = {"org": msg.org} if form_class is AssignForm else {}
        initial = {}
        if action == Action.DRAFT:
            initial = {"reply": msg.reply, "public_subject": msg.public_subject or rules.redact(msg.subject, (msg.writer_name,)),
                       "public_body": msg.public_body or rules.redact(msg.body, (msg.writer_name,))}
        elif action == Action.ASSIGN and msg.department_id:
            initial = {"department": msg.department_id}
        forms[action] = form_class(initial=initial, auto_id=f"{action}-%s", **kwargs)
    forms.update(bound or {})
    history = list(AuditEntry.objects.filter(object_type=Message._meta.label_lower, object_id=str(msg.pk))
                   .select_related("actor").order_by("pk"))
    for entry in history:
        entry.label = HISTORY_LABELS.get(entry.action.removeprefix("message."), entry.action)
    _mark(msg, timezone.localdate(), current_calendar())
    return {"msg": msg, "channel": selectors.channel_names([msg.org_id]).get(msg.channel, msg.channel),
            "steps": [(a, LABELS.get(a, {"publish": "在网站公开", "unpublish": "从网站撤下"}.get(a, a)), forms.get(a)) for a in offered],
            "history": history}


@member_view
def message(request, pk: int):
    msg = _message(request, pk)
    return render(request, "interaction/staff/message.html", _context(request, msg))


@member_view
@require_POST
def act(request, pk: int, action: str):
    msg = _message(request, pk)
    if action not in ACTIONS:
        raise Http404("没有这项操作")
    form_class, call, done = ACTIONS[action]
    kwargs = {"org": msg.org} if form_class is AssignForm else {}
    form = form_class(request.POST, auto_id=f"{action}-%s", **kwargs) if form_class else None
    if form is None or form.is_valid():
        try:
            call(msg, request.user, form)
        except FieldErrors as e:
            if form is not None:
                for name, text in e.errors.items():
                    form.add_error(name if name in form.fields else None, text)
            messages.error(request, e.message)
        except GongkaiError as e:
            messages.error(request, e.message)
            if form is not None:
                form.add_error(None, e.message)
        else:
            messages.success(request, done)
            return redirect(reverse("interaction_staff:message", args=[msg.pk]))
    else:
        messages.error(request, "请修改标出的问题后再提交")
    msg = _message(request, pk)
    return render(request, "interaction/staff/message.html",
                  _context(request, msg, {action: form} if form is not None else None), status=400)
