"""State changes of the catalogue. Each checks permission, validates, writes the change, its review
step and its audit entry in one transaction; views, the API, the CLI and imports all call these."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.counters import counter_next
from gongkai.core.errors import GongkaiError, InvalidInput, NotAllowed
from gongkai.orgs.models import Organisation, Role
from gongkai.orgs.selectors import has_role
from gongkai.search.services import search_index_item, search_remove_item
from gongkai.textguard import extract
from gongkai.textguard.redaction import BLOCKS, LABEL

from . import guard, workflow
from .models import Attachment, Item, ItemContent, Kind, Revision, ReviewStep
from .sanitize import clean_html, html_to_text

A = ReviewStep.Action
S = Revision.Status
log = logging.getLogger(__name__)

# Attachments: the kinds accepted, checked against the file's content, not its name.
ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
_EDITABLE_FIELDS = ("title", "summary", "body", "created_on", "document_number", "topic", "kind", "validity",
                    "repealed_on", "publisher", "keywords", "department", "interprets", "video_url", "qa")


def _step(revision: Revision, action: str, by, old: str, new: str, comment: str = "", at=None) -> ReviewStep:
    step = ReviewStep.objects.create(
        item_id=revision.item_id, revision=revision, action=action, from_status=old, to_status=new,
        actor=by if by is not None and by.is_authenticated else None, at=at or timezone.now(), comment=comment,
    )
    audit_record(f"item.{action}", by=by, org=revision.item.org, obj=revision.item,
                 data={"revision": revision.number, "from": old, "to": new, "comment": comment})
    return step


def _apply_content(target: ItemContent, data: dict) -> None:
    unknown = set(data) - set(_EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(target, name, value)
    target.body = clean_html(target.body)
    target.body_text = html_to_text(target.body)
    target.title = (target.title or "").strip()


def _validate(obj) -> None:
    try:
        obj.full_clean(exclude=["item", "org", "published_revision", "index_number", "author", "created_by"])
    except ValidationError as e:
        raise InvalidInput("；".join(f"{obj._meta.get_field(f).verbose_name if f != '__all__' else ''}{'：' if f != '__all__' else ''}{'，'.join(m)}" for f, m in e.message_dict.items())) from None
    if obj.department_id and obj.department.org_id != _org_id_of(obj):
        raise InvalidInput("责任处室不属于本机关")
    if obj.interprets_id:
        _validate_interprets(obj)


def _validate_interprets(obj) -> None:
    """An interpretation names a policy document of its own agency (谁起草、谁解读), never itself."""
    if obj.kind != Kind.INTERPRETATION:
        raise InvalidInput("只有类别为“政策解读”的信息可以选择解读对象")
    target = obj.interprets
    own_id = obj.pk if isinstance(obj, Item) else obj.item_id
    if target.org_id != _org_id_of(obj):
        raise InvalidInput("解读对象必须是本机关的文件")
    if own_id and target.pk == own_id:
        raise InvalidInput("政策解读不能以自己为解读对象")
    if target.kind == Kind.INTERPRETATION:
        raise InvalidInput("解读对象应是被解读的政策文件，而不是另一篇解读")


def _org_id_of(obj) -> int:
    return obj.org_id if isinstance(obj, Item) else obj.item.org_id


@transaction.atomic
def item_create_draft(*, org: Organisation, by, data: dict) -> Item:
    """A clerk (信息员) drafts a new catalogue item; it is invisible to the public until published."""
    if not has_role(by, org, Role.CLERK):
        raise NotAllowed("只有本机关的信息员可以起草公开目录条目")
    item = Item(org=org, created_by=by, created_on=timezone.localdate())
    revision = Revision(item=item, number=1, author=by, created_on=timezone.localdate())
    _apply_content(revision, data)
    if not revision.publisher:
        revision.publisher = org.name
    _copy_content(revision, item)
    _validate(item)
    item.save()
    revision.item = item
    _validate(revision)
    revision.save()
    _step(revision, A.CREATE, by, "", S.DRAFT)
    return item


@transaction.atomic
def revision_update(*, revision_id: int, by, data: dict) -> Revision:
    """Edits a draft or a returned revision (anything further along is frozen until returned)."""
    revision = Revision.objects.select_for_update(of=("self",)).select_related("item__org").get(pk=revision_id)
    if revision.status not in workflow.EDITABLE:
        raise InvalidInput("只有草稿或被退回的稿件可以修改")
    if not has_role(by, revision.item.org, Role.CLERK):
        raise NotAllowed("只有本机关的信息员可以修改稿件")
    _apply_content(revision, data)
    _validate(revision)
    revision.save()
    if not revision.item.is_published and revision.item.status != Item.Status.WITHDRAWN:
        # Never published: the item row mirrors the draft, so lists in the workbench show its title.
        _copy_content(revision, revision.item)
        revision.item.save()
    _step(revision, A.EDIT, by, revision.status, revision.status)
    return revision


def _copy_content(source: ItemContent, target: ItemContent) -> None:
    for name in ItemContent.CONTENT_FIELDS:
        setattr(target, name, getattr(source, name))


def attachment_check(*, name: str, content: bytes):
    """What an uploaded file really is (by its bytes, not its name), within the size limit, and a
    name safe to store; InvalidInput otherwise. Every upload of Gongkai's catalogue-like records
    (items, comments on consultations) is held to this."""
    limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
    if len(content) > limit:
        raise InvalidInput(f"附件“{name}”超过大小上限（{limit // (1024 * 1024)} MB）")
    if not content:
        raise InvalidInput(f"附件“{name}”是空文件")
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENT_TYPES:
        raise InvalidInput(f"附件“{name}”不是允许的文件类型（仅限 PDF、DOCX、XLSX、PPTX 和图片），按文件内容判断")
    safe_name = name.replace("/", "_").replace("\\", "_")[-150:] or f"附件.{kind.extension}"
    return kind, safe_name


@transaction.atomic
def attachment_add(*, revision_id: int, by, name: str, content: bytes) -> Attachment:
    """Attaches a file after checking what it really is (by its bytes) and its size."""
    revision = Revision.objects.select_for_update(of=("self",)).select_related("item__org").get(pk=revision_id)
    if revision.status not in workflow.EDITABLE:
        raise InvalidInput("只有草稿或被退回的稿件可以添加附件")
    if not has_role(by, revision.item.org, Role.CLERK):
        raise NotAllowed("只有本机关的信息员可以添加附件")
    kind, safe_name = attachment_check(name=name, content=content)
    digest = hashlib.sha256(content).hexdigest()
    # The text, for the guard and for search. A large file's is read by a worker after commit (a
    # 20 MB PDF takes seconds; decision 0054); until then its status is empty, and the guard, which
    # must read every attachment before publication, extracts it itself (guard.attachment_text_ensure).
    inline = len(content) <= settings.GONGKAI_EXTRACT_INLINE_BYTES
    got = extract.extract_text(content, kind.mime) if inline else extract.Extracted("", "", "")
    attachment = Attachment(revision=revision, name=safe_name, content_type=kind.mime, size=len(content), sha256=digest,
                            text=got.text, text_status=got.status, text_note=got.note)
    attachment.file.save(f"{digest[:12]}.{kind.extension}", ContentFile(content), save=False)
    attachment.save()
    if not inline:
        from gongkai.tasks.services import job_start

        job_start(kind="attachment.text", title=f"提取附件“{safe_name}”的文字", params={"attachment": attachment.pk},
                  by=by, org=revision.item.org)
    audit_record("item.attachment_added", by=by, org=revision.item.org, obj=revision.item,
                 data={"revision": revision.number, "name": safe_name, "sha256": digest})
    return attachment


@transaction.atomic
def attachment_remove(*, attachment_id: int, by) -> None:
    attachment = Attachment.objects.select_related("revision__item__org").get(pk=attachment_id)
    revision = attachment.revision
    if revision.status not in workflow.EDITABLE:
        raise InvalidInput("只有草稿或被退回的稿件可以删除附件")
    if not has_role(by, revision.item.org, Role.CLERK):
        raise NotAllowed("只有本机关的信息员可以删除附件")
    audit_record("item.attachment_removed", by=by, org=revision.item.org, obj=revision.item,
                 data={"revision": revision.number, "name": attachment.name})
    attachment.delete()  # the file stays: a published revision may share it (same content hash)


@transaction.atomic
def revision_advance(*, revision_id: int, action: str, by, comment: str = "", publish_at: dt.datetime | None = None) -> Revision:
    """Moves a revision one step along the review chain (see workflow.STEPS)."""
    revision = Revision.objects.select_for_update(of=("self",)).select_related("item__org").get(pk=revision_id)
    target = workflow.check_step(action, revision.status)
    org = revision.item.org
    role = workflow.role_for(action)
    department = revision.department_id if role == Role.DEPT_HEAD else None
    if not has_role(by, org, role, department):
        raise NotAllowed(f"您不是本{'处室' if department else '机关'}的{Role(role).label}，不能执行“{A(action).label}”")
    if action in workflow.APPROVALS and revision.author_id == by.pk and not settings.GONGKAI_ALLOW_SELF_APPROVAL:
        raise NotAllowed("不能审核自己起草的稿件（系统设置不允许同一人起草并审核）")
    comment = (comment or "").strip()
    if action in workflow.NEEDS_COMMENT and not comment:
        raise InvalidInput("退回时请写明退回理由")
    if action == A.SCHEDULE:
        if publish_at is None or publish_at <= timezone.now():
            raise InvalidInput("定时发布时间必须晚于当前时间")
        revision.publish_at = publish_at
    if action == A.UNSCHEDULE:
        revision.publish_at = None
    if action in workflow.GUARDED:
        guard.check_publishable(revision)
    warnings = []
    if action in workflow.INTERPRETATION_STEPS:
        warning = workflow.interpretation_check(kind=revision.kind, has_interpretation=interpretation_ready(revision.item_id),
                                                rule=org.interpretation_rule)
        warnings = [warning] if warning else []
    old = revision.status
    if action == A.PUBLISH:
        _publish(revision, by)
    revision.status = target
    revision.save(update_fields=["status", "publish_at", "updated_at"])
    _step(revision, action, by, old, target, "；".join(filter(None, [comment, *warnings])))
    if action == A.PUBLISH:
        interpretations_publish_together(item_id=revision.item_id, by=by)
    revision.warnings = warnings  # shown by the workbench beside its confirmation
    return revision


def interpretation_ready(item_id: int) -> bool:
    """谁起草、谁解读: the item has an interpretation published, or one that has passed review (待发布 or
    定时发布) and will be published together with it."""
    if Item.objects.filter(interprets_id=item_id, kind=Kind.INTERPRETATION, status=Item.Status.PUBLISHED).exists():
        return True
    return Revision.objects.filter(interprets_id=item_id, kind=Kind.INTERPRETATION,
                                   status__in=(S.APPROVED, S.SCHEDULED)).exists()


def interpretations_publish_together(*, item_id: int, by) -> int:
    """Publishes, with the document ITEM_ID, its interpretations that have passed review (their own
    schedule is overtaken: 同步发布). Called inside the document's publishing transaction."""
    published = 0
    for revision in (Revision.objects.select_for_update(of=("self",)).select_related("item__org")
                     .filter(interprets_id=item_id, kind=Kind.INTERPRETATION, status__in=(S.APPROVED, S.SCHEDULED))):
        old = revision.status
        _publish(revision, by)
        revision.status = S.PUBLISHED
        revision.save(update_fields=["status", "updated_at"])
        _step(revision, A.PUBLISH, by, old, S.PUBLISHED, "随所解读的文件同步发布")
        published += 1
    return published


def _publish(revision: Revision, by, published_on: dt.date | None = None, published_at: dt.datetime | None = None) -> None:
    """Copies the revision onto the item the public sees, gives it an index number, indexes it."""
    item = Item.objects.select_for_update().get(pk=revision.item_id)
    now = timezone.now()
    if item.published_on is None:
        item.published_on = published_on or timezone.localdate(now)
    if not item.index_number:
        item.index_number = index_number_allocate(item.org, item.published_on.year)
    previous = item.published_revision_id
    if previous and previous != revision.pk:
        Revision.objects.filter(pk=previous).update(status=S.SUPERSEDED)
    _copy_content(revision, item)
    guard.public_copy_apply(revision, item)
    item.status = Item.Status.PUBLISHED
    item.published_at = published_at or now
    item.withdrawn_at = None
    item.published_revision = revision
    item.save()
    search_index_item(item)


def index_number_allocate(org: Organisation, year: int) -> str:
    """The next 索引号 of ORG for YEAR from its pattern. Serials only go up, so a number is never
    reused, not even after a withdrawal; the row lock makes concurrent publishers queue."""
    serial = counter_next(org=org, scope="index_number", year=year,
                          taken=lambda n: Item.objects.filter(index_number=format_index_number(org, year, n)).exists())
    return format_index_number(org, year, serial)


def format_index_number(org: Organisation, year: int, serial: int) -> str:
    return org.index_pattern.format(credit_code=org.credit_code or org.code, code=org.code, year=year, serial=serial)


@transaction.atomic
def item_withdraw(*, item_id: int, by, reason: str) -> Item:
    """Takes a published item off the portal and out of search; the record and its number stay."""
    item = Item.objects.select_for_update(of=("self",)).select_related("org").get(pk=item_id)
    if not has_role(by, item.org, Role.SUPERVISOR):
        raise NotAllowed("只有公开主管可以撤回已发布的信息")
    if item.status != Item.Status.PUBLISHED:
        raise InvalidInput("该信息未处于发布状态，无需撤回")
    if not (reason or "").strip():
        raise InvalidInput("撤回时请写明理由")
    item.status = Item.Status.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.save(update_fields=["status", "withdrawn_at", "updated_at"])
    search_remove_item(item.pk)
    _step(item.published_revision, A.WITHDRAW, by, S.PUBLISHED, S.PUBLISHED, reason.strip())
    return item


@transaction.atomic
def item_revise(*, item_id: int, by) -> Revision:
    """Opens a new revision of a published (or withdrawn) item; it goes through the chain again while
    the public keeps seeing the published copy."""
    item = Item.objects.select_for_update(of=("self",)).select_related("org").get(pk=item_id)
    if not has_role(by, item.org, Role.CLERK):
        raise NotAllowed("只有本机关的信息员可以修订")
    if item.published_revision_id is None:
        raise InvalidInput("该信息尚未发布，请直接修改草稿")
    if item.revisions.filter(status__in=Revision.OPEN_STATUSES).exists():
        raise InvalidInput("该信息已有一个正在办理的修订稿")
    number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    source = item.published_revision
    revision = Revision(item=item, number=number, author=by, redactions=source.redactions)
    _copy_content(source, revision)
    revision.save()
    for att in source.attachments.all():
        Attachment.objects.create(revision=revision, file=att.file.name, name=att.name,
                                  content_type=att.content_type, size=att.size, sha256=att.sha256,
                                  text=att.text, text_status=att.text_status, text_note=att.text_note)
    _step(revision, A.REVISE, by, "", S.DRAFT)
    return revision


def _in_secrecy_review(revision_id: int, by, doing: str) -> Revision:
    revision = Revision.objects.select_for_update(of=("self",)).select_related("item__org").get(pk=revision_id)
    if revision.status != S.SECRECY_REVIEW:
        raise InvalidInput(f"只有处于保密审查环节的稿件可以{doing}")
    if not has_role(by, revision.item.org, Role.SUPERVISOR):
        raise NotAllowed(f"只有本机关的公开主管可以{doing}")
    return revision


def _masked(text: str) -> str:
    # The audit log names what was removed without repeating it in full.
    return text[:2] + "*" * max(0, len(text) - 4) + text[-2:] if len(text) > 4 else "*" * len(text)


@transaction.atomic
def revision_redact(*, revision_id: int, by, text: str, mode: str = BLOCKS) -> Revision:
    """The 公开主管 removes TEXT (a finding or any selection) from what is published, everywhere it
    occurs: title, body, attachments. The revision keeps the original (the internal record)."""
    revision = _in_secrecy_review(revision_id, by, "删除（遮盖）内容")
    text = (text or "").strip("\r\n")
    if not text.strip():
        raise InvalidInput("请选择或填写要删除的文字")
    if mode not in (BLOCKS, LABEL):
        raise InvalidInput("删除方式只能是等长遮盖或“已删除”标注")
    review = guard.revision_review(revision)
    originals = [revision.title, revision.summary, revision.body_text, revision.keywords,
                 *(s.attachment.text for s in review.sources if s.attachment is not None)]
    if not any(text in t for t in originals if t):
        raise InvalidInput("稿件和附件中没有这段文字，请核对后重新选择")
    if any(r["text"] == text for r in revision.redactions):
        raise InvalidInput("这段文字已经删除")
    revision.redactions = [*revision.redactions, {"text": text, "mode": mode, "by": by.pk, "at": timezone.now().isoformat()}]
    revision.save(update_fields=["redactions", "updated_at"])
    audit_record("item.redacted", by=by, org=revision.item.org, obj=revision.item,
                 data={"revision": revision.number, "text": _masked(text), "length": len(text), "mode": mode})
    return revision


@transaction.atomic
def revision_unredact(*, revision_id: int, by, index: int) -> Revision:
    """Takes back one of the reviewer's redactions (by its position in the list)."""
    revision = _in_secrecy_review(revision_id, by, "撤销删除")
    if not 0 <= index < len(revision.redactions):
        raise InvalidInput("没有这项删除记录")
    removed = revision.redactions[index]
    revision.redactions = [r for i, r in enumerate(revision.redactions) if i != index]
    revision.save(update_fields=["redactions", "updated_at"])
    audit_record("item.unredacted", by=by, org=revision.item.org, obj=revision.item,
                 data={"revision": revision.number, "text": _masked(removed["text"]), "length": len(removed["text"])})
    return revision


@transaction.atomic
def revision_guard_override(*, revision_id: int, by, reason: str) -> Revision:
    """The 公开主管 lets the blocking findings that remain be published, with a written reason
    (e.g. a number that is the agency's own published account). Covers exactly those findings:
    anything new found later blocks again."""
    revision = _in_secrecy_review(revision_id, by, "放行保密审查发现的内容")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise InvalidInput("放行须写明理由（至少4个字）")
    findings = guard.revision_review(revision).overridable()
    if not findings:
        raise InvalidInput("没有需要放行的保密审查发现")
    revision.guard_overrides = [*revision.guard_overrides,
                                {"findings": findings, "reason": reason, "by": by.pk, "at": timezone.now().isoformat()}]
    revision.save(update_fields=["guard_overrides", "updated_at"])
    audit_record("item.guard_override", by=by, org=revision.item.org, obj=revision.item,
                 data={"revision": revision.number, "reason": reason, "count": len(findings),
                       "kinds": sorted({f.split(":", 1)[0] for f in findings})})
    return revision


@dataclass
class ImportedItem:
    data: dict
    index_number: str | None
    published_on: dt.date | None
    interprets: str | None = None  # 索引号 of the document an interpretation interprets ("" clears the link)


def item_import(*, org: Organisation, row: ImportedItem, by=None) -> tuple[Item, bool]:
    """One imported row (called inside the import's transaction). With a publication date the row is
    history: published at once, with its index number, into the portal and search. Re-importing an
    index number updates that item: columns the file does not have keep their values."""
    item = None
    if row.index_number:
        item = Item.objects.filter(index_number=row.index_number).first()
        if item is not None and item.org_id != org.pk:
            raise InvalidInput(f"索引号 {row.index_number} 已被其他机关使用")
    created = item is None
    if not created and row.published_on and item.status == Item.Status.WITHDRAWN:
        # A withdrawal is the 公开主管's decision (often for secrecy); an import must not undo it.
        raise InvalidInput(f"索引号 {row.index_number} 的信息已撤回，不能通过导入重新发布")
    if created:
        item = Item(org=org, created_by=by)
        revision = Revision(item=item, number=1, author=by)
    else:
        revision = _import_revision(item, by)
    old = revision.status if revision.pk else ""
    _apply_content(revision, row.data)
    if not revision.publisher:
        revision.publisher = org.name
    # What the public sees changes only by publishing: a draft row must not rewrite a published item.
    mirror = row.published_on is not None or not item.is_published
    if mirror:
        _copy_content(revision, item)
    if row.index_number:
        item.index_number = row.index_number
    _validate(item if mirror else revision)
    item.save()
    revision.item = item
    revision.save()
    _step(revision, A.IMPORT, by, old, revision.status)
    if row.published_on:
        old = revision.status
        item.published_on = row.published_on
        item.save(update_fields=["published_on"])
        # History keeps its own date; published today (or later), the moment is now.
        at = None
        if row.published_on < timezone.localdate():
            at = timezone.make_aware(dt.datetime.combine(row.published_on, dt.time(9, 0)))
        _publish(revision, by, published_on=row.published_on, published_at=at)
        revision.status = S.PUBLISHED
        revision.save(update_fields=["status"])
        _step(revision, A.PUBLISH, by, old, S.PUBLISHED, "导入历史发布记录")
    return item, created


def _import_revision(item: Item, by) -> Revision:
    """The revision a re-imported row writes to: the open draft if there is one, else a new one that
    starts from what the item holds now."""
    open_revision = item.revisions.filter(status__in=Revision.OPEN_STATUSES).first()
    if open_revision is not None:
        if open_revision.status not in workflow.EDITABLE:
            raise InvalidInput(f"索引号 {item.index_number} 的信息正在审核流程中（{open_revision.get_status_display()}），请办结后再导入")
        return open_revision
    number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = Revision(item=item, number=number, author=by)
    _copy_content(item.published_revision or item, revision)
    return revision


def revisions_publish_due(*, now: dt.datetime | None = None) -> int:
    """Publishes scheduled revisions whose time has come (cron). Each is claimed with a conditional
    UPDATE, so two runs at once never publish the same revision twice."""
    now = now or timezone.now()
    published = 0
    for pk in list(Revision.objects.filter(status=S.SCHEDULED, publish_at__lte=now).values_list("pk", flat=True)):
        try:
            published += _publish_scheduled(pk)
        except GongkaiError as e:
            # A redaction that cannot be made safely (guard.public_copy_apply): nothing is published,
            # the revision stays scheduled and the next run tries again; staff see it in the queue.
            log.warning("scheduled revision %s not published: %s", pk, e.message)
    return published


@transaction.atomic
def _publish_scheduled(pk: int) -> int:
    claimed = Revision.objects.filter(pk=pk, status=S.SCHEDULED).update(status=S.APPROVED)
    if not claimed:
        return 0
    revision = Revision.objects.select_related("item__org").get(pk=pk)
    _publish(revision, None)
    revision.status = S.PUBLISHED
    revision.save(update_fields=["status", "updated_at"])
    _step(revision, A.PUBLISH, None, S.SCHEDULED, S.PUBLISHED, "定时发布")
    return 1 + interpretations_publish_together(item_id=revision.item_id, by=None)
