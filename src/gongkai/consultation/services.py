"""State changes of consultations (征求意见), their comments, and suggestions and proposals
(建议提案办理). Each checks the step (workflow.py) and the role, validates, writes the change and its
audit entry in one transaction; views, imports and the demo all call these."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalog.services import attachment_check
from gongkai.core.errors import FieldErrors, InvalidInput, NotAllowed
from gongkai.core.idempotency import Submitted, submit_once
from gongkai.orgs.models import Department, Organisation, Role
from gongkai.orgs.selectors import has_role
from gongkai.textguard.services import text_publish_check
from gongkai.workdays.selectors import current_calendar

from . import rules, workflow
from .models import Comment, Consultation, Suggestion

C = Consultation.Status
G = Suggestion.Status

CONSULTATION_FIELDS = ("title", "kind", "department", "draft_text", "basis", "explanation", "opens_on", "closes_on",
                       "short_reason", "feedback")
SUGGESTION_FIELDS = ("number", "kind", "title", "proposer", "department", "reply", "replied_on", "summary")
COMMENT_MAX_CHARS = 10_000


def _role(by, org: Organisation, table: str, action: str) -> None:
    role = workflow.role_for(table, action)
    if not has_role(by, org, role):
        raise NotAllowed(f"只有本机关的{workflow.ROLE_LABELS[role]}可以办理此事项")


def _text(data: dict, name: str) -> str:
    return (data.get(name) or "").strip()


def _department(org: Organisation, value, errors: dict) -> Department | None:
    if value in (None, ""):
        return None
    department = value if isinstance(value, Department) else Department.objects.filter(pk=value).first()
    if department is None or department.org_id != org.pk:
        errors["department"] = "处室不属于本机关"
        return None
    return department


# — 征求意见 —

def consultation_validate(*, org: Organisation, data: dict) -> dict:
    """The consultation as typed, checked; FieldErrors names every problem, the period's included."""
    errors: dict[str, str] = {}
    values = {name: _text(data, name) for name in ("title", "draft_text", "basis", "explanation", "short_reason", "feedback")}
    for name, label in (("title", "名称"), ("draft_text", "征求意见稿全文"), ("explanation", "起草说明")):
        if not values[name]:
            errors[name] = f"请填写{label}"
    if len(values["title"]) > 300:
        errors["title"] = "名称不超过300个字"
    values["kind"] = data.get("kind") or Consultation.Kind.GENERAL
    if values["kind"] not in Consultation.Kind.values:
        errors["kind"] = "请选择类别"
    values["department"] = _department(org, data.get("department"), errors)
    opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
    if opens_on is None:
        errors["opens_on"] = "请填写开始日期"
    if closes_on is None:
        errors["closes_on"] = "请填写截止日期"
    if opens_on and closes_on and "kind" not in errors:
        problem = rules.period_problem(opens_on=opens_on, closes_on=closes_on, reason=values["short_reason"],
                                       is_normative=values["kind"] == Consultation.Kind.NORMATIVE_DOCUMENT,
                                       calendar=current_calendar())
        if problem:
            errors["short_reason" if "理由" in problem else "closes_on"] = problem
    if errors:
        raise FieldErrors(errors)
    return {**values, "opens_on": opens_on, "closes_on": closes_on}


@transaction.atomic
def consultation_create(*, org: Organisation, by, data: dict) -> Consultation:
    """A 信息员 drafts a consultation; the public sees nothing of it until the 公开主管 publishes it."""
    _role(by, org, "consultation", "edit")
    consultation = Consultation.objects.create(org=org, created_by=by, **consultation_validate(org=org, data=data))
    audit_record("consultation.created", by=by, org=org, obj=consultation, data={"title": consultation.title})
    return consultation


def _lock(consultation_id: int) -> Consultation:
    return Consultation.objects.select_for_update(of=("self",)).select_related("org").get(pk=consultation_id)


@transaction.atomic
def consultation_update(*, consultation_id: int, by, data: dict) -> Consultation:
    consultation = _lock(consultation_id)
    workflow.check_step("consultation", "edit", consultation.status)
    _role(by, consultation.org, "consultation", "edit")
    for name, value in consultation_validate(org=consultation.org, data=data).items():
        setattr(consultation, name, value)
    consultation.save()
    audit_record("consultation.updated", by=by, org=consultation.org, obj=consultation, data={"title": consultation.title})
    return consultation


@transaction.atomic
def consultation_publish(*, consultation_id: int, by, guard_reason: str = "") -> Consultation:
    """Publishes the draft on the portal (公开主管). The period is checked again, and may not have begun
    before today: the public must have every day of it. The confidentiality guard reads the texts
    first (a block finding needs GUARD_REASON, audited)."""
    consultation = _lock(consultation_id)
    target = workflow.check_step("consultation", "publish", consultation.status)
    _role(by, consultation.org, "consultation", "publish")
    today = timezone.localdate()
    if consultation.opens_on < today:
        raise InvalidInput(f"开始日期 {consultation.opens_on} 已过，公众无法获得完整的征求意见期限；请修改开始日期后再发布")
    consultation_validate(org=consultation.org, data={f: getattr(consultation, f) for f in CONSULTATION_FIELDS})
    text_publish_check(org=consultation.org, by=by, obj=consultation, action="consultation", reason=guard_reason, texts={
        "征求意见稿名称": consultation.title, "征求意见稿全文": consultation.draft_text, "起草依据": consultation.basis,
        "起草说明": consultation.explanation, "其他反馈方式": consultation.feedback})
    consultation.status, consultation.published_at = target, timezone.now()
    consultation.save(update_fields=["status", "published_at", "updated_at"])
    audit_record("consultation.published", by=by, org=consultation.org, obj=consultation,
                 data={"opens_on": consultation.opens_on, "closes_on": consultation.closes_on})
    return consultation


@transaction.atomic
def consultation_close(*, consultation_id: int, by) -> Consultation:
    """Closes a consultation whose period is over, so that its result can be written; never early."""
    consultation = _lock(consultation_id)
    target = workflow.check_step("consultation", "close", consultation.status)
    _role(by, consultation.org, "consultation", "close")
    if timezone.localdate() <= consultation.closes_on:
        raise InvalidInput(f"征求意见期限至 {consultation.closes_on} 届满，期限内不能提前截止")
    consultation.status, consultation.closed_at = target, timezone.now()
    consultation.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record("consultation.closed", by=by, org=consultation.org, obj=consultation,
                 data={"comments": consultation.comment_count})
    return consultation


@transaction.atomic
def consultation_result_publish(*, consultation_id: int, by, result_text: str, guard_reason: str = "") -> Consultation:
    """Publishes how the comments were taken up (意见采纳情况) on the consultation's page."""
    consultation = _lock(consultation_id)
    target = workflow.check_step("consultation", "result_publish", consultation.status)
    _role(by, consultation.org, "consultation", "result_publish")
    text = (result_text or "").strip()
    if not text:
        raise FieldErrors({"result_text": "请填写意见采纳情况（收到意见的数量、采纳情况及未采纳的理由）"})
    text_publish_check(org=consultation.org, by=by, obj=consultation, action="consultation.result", reason=guard_reason,
                       texts={"意见采纳情况": text})
    consultation.status, consultation.result_text = target, text
    consultation.result_published_on = timezone.localdate()
    consultation.save(update_fields=["status", "result_text", "result_published_on", "updated_at"])
    audit_record("consultation.result_published", by=by, org=consultation.org, obj=consultation,
                 data={"comments": consultation.comment_count})
    return consultation


def is_accepting(consultation: Consultation, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return consultation.status == C.OPEN and consultation.opens_on <= today <= consultation.closes_on


@transaction.atomic
def comment_submit(*, consultation_id: int, body: str, name: str = "", contact: str = "",
                   attachment: tuple[str, bytes] | None = None) -> Comment:
    """A member of the public comments on a published consultation within its period. Everything is
    kept; nothing of it is shown on the portal (only the count and, later, the adoption summary)."""
    consultation = _lock(consultation_id)
    if not is_accepting(consultation):
        raise InvalidInput("该事项不在征求意见期限内，无法提交意见")
    errors = {}
    body = (body or "").strip()
    if not body:
        errors["body"] = "请填写意见建议"
    elif len(body) > COMMENT_MAX_CHARS:
        errors["body"] = f"意见建议不超过{COMMENT_MAX_CHARS}个字（现为{len(body)}个字），较长的内容请作为附件上传"
    name, contact = (name or "").strip(), (contact or "").strip()
    if len(name) > 120:
        errors["name"] = "姓名或单位不超过120个字"
    if len(contact) > 200:
        errors["contact"] = "联系方式不超过200个字"
    kind = safe_name = None
    if attachment is not None:
        try:
            kind, safe_name = attachment_check(name=attachment[0], content=attachment[1])
        except InvalidInput as e:
            errors["attachment"] = e.message
    if errors:
        raise FieldErrors(errors)
    comment = Comment(consultation=consultation, submitted_at=timezone.now(), name=name, contact=contact, body=body)
    if attachment is not None:
        content = attachment[1]
        comment.attachment_sha256 = digest = hashlib.sha256(content).hexdigest()
        comment.attachment_name, comment.attachment_type, comment.attachment_size = safe_name, kind.mime, len(content)
        comment.attachment.save(f"{digest[:12]}.{kind.extension}", ContentFile(content), save=False)
    comment.save()
    Consultation.objects.filter(pk=consultation.pk).update(comment_count=F("comment_count") + 1)
    audit_record("consultation.comment_received", org=consultation.org, obj=consultation, data={"comment": comment.pk})
    return comment


def comment_submit_once(*, consultation_id: int, key: str, scope: str, **fields) -> Submitted:
    """comment_submit at most once per KEY (the form's one-time token): a second click or a resent
    POST, on any worker, gets the first receipt and writes nothing (core.idempotency, decision 0023)."""
    def create() -> dict:
        comment = comment_submit(consultation_id=consultation_id, **fields)
        return {"consultation": consultation_id, "comment": comment.pk}
    return submit_once(scope=scope, key=key, create=create)


# — 建议提案办理 —

def suggestion_validate(*, org: Organisation, data: dict, suggestion_id: int | None = None) -> dict:
    """A suggestion as typed; FieldErrors names every problem."""
    errors: dict[str, str] = {}
    values = {name: _text(data, name) for name in ("number", "title", "proposer", "reply", "summary")}
    if not values["number"]:
        errors["number"] = "请填写编号"
    elif Suggestion.objects.filter(org=org, number=values["number"]).exclude(pk=suggestion_id).exists():
        errors["number"] = f"编号“{values['number']}”已登记过"
    if not values["title"]:
        errors["title"] = "请填写标题"
    values["kind"] = data.get("kind") or ""
    if values["kind"] not in Suggestion.Kind.values:
        errors["kind"] = "请选择类别（人大代表建议或政协委员提案）"
    values["department"] = _department(org, data.get("department"), errors)
    replied_on = data.get("replied_on")
    if replied_on and replied_on > timezone.localdate():
        errors["replied_on"] = "答复日期不能晚于今天"
    if replied_on and not (values["reply"] or values["summary"]):
        errors["reply"] = "已答复的请填写答复全文或办理结果摘要"
    if errors:
        raise FieldErrors(errors)
    return {**values, "replied_on": replied_on}


@transaction.atomic
def suggestion_create(*, org: Organisation, by, data: dict) -> Suggestion:
    _role(by, org, "suggestion", "edit")
    values = suggestion_validate(org=org, data=data)
    suggestion = Suggestion.objects.create(org=org, created_by=by, **values,
                                           status=G.REPLIED if values["replied_on"] else G.REGISTERED)
    audit_record("suggestion.created", by=by, org=org, obj=suggestion, data={"number": suggestion.number})
    return suggestion


@transaction.atomic
def suggestion_update(*, suggestion_id: int, by, data: dict) -> Suggestion:
    """Corrects a suggestion or records its reply (答复); frozen once its result is published."""
    suggestion = Suggestion.objects.select_for_update(of=("self",)).select_related("org").get(pk=suggestion_id)
    action = "reply" if data.get("replied_on") else "edit"
    target = workflow.check_step("suggestion", action, suggestion.status)
    _role(by, suggestion.org, "suggestion", action)
    for name, value in suggestion_validate(org=suggestion.org, data=data, suggestion_id=suggestion.pk).items():
        setattr(suggestion, name, value)
    suggestion.status = target if suggestion.replied_on else G.REGISTERED
    suggestion.save()
    audit_record(f"suggestion.{'replied' if action == 'reply' else 'updated'}", by=by, org=suggestion.org,
                 obj=suggestion, data={"number": suggestion.number, "replied_on": suggestion.replied_on})
    return suggestion


@transaction.atomic
def suggestion_result_publish(*, suggestion_id: int, by, guard_reason: str = "") -> Suggestion:
    """Publishes the result on the portal (公开主管): the reply in full or its summary, as the agency's
    setting says (Organisation.suggestion_result_form)."""
    suggestion = Suggestion.objects.select_for_update(of=("self",)).select_related("org").get(pk=suggestion_id)
    target = workflow.check_step("suggestion", "result_publish", suggestion.status)
    _role(by, suggestion.org, "suggestion", "result_publish")
    if suggestion.org.suggestion_result_form == "summary" and not suggestion.summary:
        raise InvalidInput("本机关公开办理结果摘要：请先填写办理结果摘要")
    if suggestion.org.suggestion_result_form == "full" and not suggestion.reply:
        raise InvalidInput("本机关公开答复全文：请先填写答复全文")
    published = {"标题": suggestion.title}
    published.update({"答复全文": suggestion.reply} if suggestion.org.suggestion_result_form == "full" else {"办理结果摘要": suggestion.summary})
    text_publish_check(org=suggestion.org, by=by, obj=suggestion, action="suggestion.result", reason=guard_reason, texts=published)
    suggestion.status, suggestion.result_published_on = target, timezone.localdate()
    suggestion.save(update_fields=["status", "result_published_on", "updated_at"])
    due = rules.suggestion_result_due(suggestion.replied_on, suggestion.org.suggestion_result_working_days, current_calendar())
    audit_record("suggestion.result_published", by=by, org=suggestion.org, obj=suggestion,
                 data={"number": suggestion.number, "due_on": due, "late": suggestion.result_published_on > due})
    return suggestion
