"""保密审查 in the workbench: the guard's findings highlighted in the text the reviewer reads
(attachments included), and the 公开主管's redactions and written overrides.

The findings are computed on the revision *as it would be published* (catalog.guard), so a
redacted number shows as █ and no longer blocks."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from gongkai.catalog import guard
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Revision
from gongkai.core.errors import GongkaiError
from gongkai.core.forms import form_errors_text
from gongkai.orgs.models import Role
from gongkai.textguard.detector import Finding

from . import selectors
from .access import member_view
from .forms import OverrideForm, RedactForm


@dataclass
class SourceView:
    source: guard.Source
    html: SafeString
    open: bool


def marked(text: str, findings: list[Finding]) -> SafeString:
    """TEXT escaped, each finding wrapped in <mark> (its kind in the title; the list above names it in words)."""
    parts, pos = [], 0
    for f in findings:
        parts.append(escape(text[pos:f.start]))
        parts.append(format_html('<mark class="guard-mark guard-mark--{}" title="{}">{}</mark>',
                                 f.severity, f.label, text[f.start:f.end]))
        pos = f.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def guard_panel(memberships, revision: Revision | None) -> dict | None:
    """What the item page shows of the guard for an open revision (None when there is none)."""
    if revision is None:
        return None
    review = guard.revision_review(revision)
    can_act = (revision.status == Revision.Status.SECRECY_REVIEW
               and any(m.org_id == revision.item.org_id and m.role == Role.SUPERVISOR for m in memberships))
    sources = [SourceView(s, marked(s.text, s.findings), bool(s.findings or s.note or s.problem) or s.attachment is None)
               for s in review.sources if s.text or s.note or s.problem]
    return {
        "review": review, "sources": sources, "blocking": review.blocking(), "can_act": can_act,
        "redactions": list(enumerate(revision.redactions)), "overrides": revision.guard_overrides,
        "redact_form": RedactForm(), "override_form": OverrideForm(), "revision": revision,
    }


def _guard_post(request, pk: int, form_class, call, done: str):
    """The shape of the three POSTs: the revision through the staff door (another agency's: 404),
    the form, one catalogue service, its Chinese message, back to the 保密审查 panel."""
    revision = get_object_or_404(selectors.revisions_for_staff(request.user), pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            call(revision, form.cleaned_data if form else {})
        except GongkaiError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, done)
    return redirect(reverse("workbench:item", args=[revision.item_id]) + "#guard-h")


@member_view
@require_POST
def revision_redact(request, pk: int):
    return _guard_post(request, pk, RedactForm, lambda revision, data: catalog.revision_redact(
        revision_id=revision.pk, by=request.user, text=data["text"], mode=data["mode"]),
        "已删除：公开版本中该内容的每一处（含附件）都将被遮盖，原件保留在内部记录中")


@member_view
@require_POST
def revision_unredact(request, pk: int, index: int):
    return _guard_post(request, pk, None, lambda revision, data: catalog.revision_unredact(
        revision_id=revision.pk, by=request.user, index=index), "已撤销该项删除")


@member_view
@require_POST
def revision_guard_override(request, pk: int):
    return _guard_post(request, pk, OverrideForm, lambda revision, data: catalog.revision_guard_override(
        revision_id=revision.pk, by=request.user, reason=data["reason"]), "已放行：理由已记入审计日志")
