"""The staff back office (工作台): queues, the agency's catalogue, drafting and the review chain.

Each view parses with a form, calls one service, then renders or redirects; the rules themselves
(who may take which step, file types, sizes) live in the catalogue services, whose Chinese messages
are shown as they are.
"""
from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.catalog import services as catalog
from gongkai.catalog import workflow
from gongkai.catalog.models import POLICY_KINDS, Kind, Revision, ReviewStep
from gongkai.core.downloads import file_download
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import form_errors_text
from gongkai.orgs.models import Organisation

from . import selectors
from .access import member_view
from .guard_views import guard_panel
from .forms import AdvanceForm, ItemFilterForm, RevisionForm, WithdrawForm
from .services import AttachmentRefused, draft_save

A = ReviewStep.Action

login = auth_views.LoginView.as_view(template_name="workbench/login.html", redirect_authenticated_user=True)
logout = auth_views.LogoutView.as_view(next_page="workbench:login")


def staff_view(view):
    """Signed-in staff only: anonymous visitors go to the login page, a signed-in user who holds no
    role in any agency is told so (and sees nothing of any agency)."""

    @member_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        memberships = request.memberships
        # orgs.selectors.user_org_ids caches on the user; fill it from what we have, saving a query.
        request.user._gongkai_org_ids = {m.org_id for m in memberships}
        # Only 信息员 draft; the header hides 起草新条目 from everyone else (pages of other apps that
        # extend this base leave it unset, and the link stays).
        request.can_draft = bool(selectors.clerk_org_ids(memberships))
        return view(request, *args, **kwargs)

    return wrapper


@staff_view
def home(request):
    queues = selectors.queues_for(request.user, request.memberships)
    return render(request, "workbench/home.html", {"queues": queues, "can_draft": request.can_draft})


@staff_view
def item_list(request):
    filters = ItemFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.items_list(request.user, status=values.get("status", ""), stage=values.get("stage", ""),
                              q=values.get("q", ""))
    page = Paginator(qs, settings.GONGKAI_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Revision.Status.choices)
    for item in page.object_list:
        item.stage_label = labels.get(item.stage, "")
    return render(request, "workbench/item_list.html", {
        "filters": filters, "page": page,
        "can_draft": request.can_draft,
    })


def _save_draft(request, form: RevisionForm, *, org=None, revision: Revision | None = None):
    """Calls the workbench's one write; a refusal is put back on the form so what was typed stays."""
    try:
        saved = draft_save(by=request.user, data=form.content(), uploads=form.uploads(), remove_ids=form.remove_ids(),
                           org=org, revision_id=revision.pk if revision else None)
    except AttachmentRefused as e:
        form.add_error("attachments", f"{e.message}。请重新选择附件。")
        return None
    except GongkaiError as e:
        form.add_error(None, e.message)
        return None
    return saved


@staff_view
def item_new(request):
    org_ids = selectors.clerk_org_ids(request.memberships)
    if not org_ids:
        messages.error(request, "只有信息员可以起草公开目录条目")
        return redirect("workbench:home")
    home_dept = next((m.department for m in request.memberships if m.role == "clerk" and m.department_id), None)
    initial = {"created_on": timezone.localdate(), "department": home_dept}
    if request.GET.get("interprets", "").isdigit():  # 起草本文件的政策解读, from the document's page
        initial |= {"kind": Kind.INTERPRETATION, "interprets": int(request.GET["interprets"])}
    form = RevisionForm(request.POST or None, request.FILES or None, org_ids=org_ids, initial=initial)
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data.get("org") or Organisation.objects.get(pk=org_ids[0])
        revision = _save_draft(request, form, org=org)
        if revision is not None:
            messages.success(request, "草稿已保存。核对无误后请“提交审核”。")
            return redirect("workbench:item", pk=revision.item_id)
    return render(request, "workbench/item_form.html", {"form": form, "revision": None})


@staff_view
def revision_edit(request, pk: int):
    revision = get_object_or_404(selectors.revisions_for_staff(request.user).select_related("item"), pk=pk)
    if not selectors.can_edit(request.memberships, revision):
        messages.error(request, "只有草稿或被退回的稿件可以修改" if revision.status not in workflow.EDITABLE
                       else "只有本机关的信息员可以修改稿件")
        return redirect("workbench:item", pk=revision.item_id)
    form = RevisionForm(request.POST or None, request.FILES or None, org_ids=[revision.item.org_id], revision=revision)
    if request.method == "POST" and form.is_valid():
        if _save_draft(request, form, revision=revision) is not None:
            messages.success(request, "修改已保存")
            return redirect("workbench:item", pk=revision.item_id)
    return render(request, "workbench/item_form.html", {"form": form, "revision": revision})


@staff_view
def item_detail(request, pk: int):
    item = get_object_or_404(selectors.items_for_staff(request.user).select_related("org", "department", "topic"), pk=pk)
    revision = selectors.open_revision(item)
    interpretations = [] if item.kind == Kind.INTERPRETATION else list(
        selectors.items_for_staff(request.user).filter(interprets=item, kind=Kind.INTERPRETATION).order_by("pk"))
    return render(request, "workbench/item_detail.html", {
        "item": item,
        "interpretations": interpretations,
        "needs_interpretation": item.kind in POLICY_KINDS,
        "can_draft": request.can_draft,
        "revision": revision,
        "published": selectors.published_revision(item),
        "history": selectors.item_history(item),
        "actions": selectors.actions_for(request.user, request.memberships, item, revision),
        "advance_form": AdvanceForm(),
        "withdraw_form": WithdrawForm(),
        "guard": guard_panel(request.memberships, revision),
    })


_DONE = {
    A.SUBMIT: "已提交，等待处室负责人审核",
    A.DEPT_APPROVE: "已签字同意，转公开主管保密审查",
    A.DEPT_RETURN: "已退回信息员修改",
    A.SECRECY_APPROVE: "保密审查已通过，等待信息员发布",
    A.SECRECY_RETURN: "已退回信息员修改",
    A.SCHEDULE: "已设定定时发布",
    A.UNSCHEDULE: "已取消定时发布",
    A.PUBLISH: "已发布",
}



@staff_view
@require_POST
def revision_advance(request, pk: int):
    revision = get_object_or_404(selectors.revisions_for_staff(request.user), pk=pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("workbench:item", pk=revision.item_id)
    action = form.cleaned_data["action"]
    try:
        advanced = catalog.revision_advance(revision_id=revision.pk, action=action, by=request.user,
                                            comment=form.cleaned_data["comment"], publish_at=form.cleaned_data["publish_at"])
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _DONE[action])
        for warning in advanced.warnings:  # 谁起草、谁解读 under the agency's "warning" setting
            messages.warning(request, warning)
    return redirect("workbench:item", pk=revision.item_id)


@staff_view
@require_POST
def item_withdraw(request, pk: int):
    item = get_object_or_404(selectors.items_for_staff(request.user), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("workbench:item", pk=item.pk)
    try:
        catalog.item_withdraw(item_id=item.pk, by=request.user, reason=form.cleaned_data["reason"])
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已撤回：该信息已从门户网站和检索中移除，记录与索引号保留")
    return redirect("workbench:item", pk=item.pk)


@staff_view
@require_POST
def item_revise(request, pk: int):
    item = get_object_or_404(selectors.items_for_staff(request.user), pk=pk)
    try:
        revision = catalog.item_revise(item_id=item.pk, by=request.user)
    except GongkaiError as e:
        messages.error(request, e.message)
        return redirect("workbench:item", pk=item.pk)
    messages.success(request, f"已开始修订（第{revision.number}版）。公众在新版本发布前仍看到现行版本。")
    return redirect("workbench:revision_edit", pk=revision.pk)


@staff_view
def attachment_download(request, pk: int):
    """Staff download of any attachment of their agency; media files are never served directly."""
    attachment = get_object_or_404(selectors.attachments_for_staff(request.user), pk=pk)
    return file_download(attachment.file, filename=attachment.name, content_type=attachment.content_type,
                         missing="附件文件不存在")

