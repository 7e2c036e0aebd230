"""State changes of a public message (回应关切), from receipt to a published reply.

Each service locks the message, checks the step against workflow.STEPS and the actor's role, writes
the change and its audit entry in one transaction; side effects (the reply by e-mail) go out with
`transaction.on_commit` (by a worker: tasks.services.call_later), and the search index is written in the same transaction as publication.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.counters import counter_next
from gongkai.core.errors import FieldErrors, InvalidInput, NotAllowed
from gongkai.core.idempotency import Submitted, submit_once
from gongkai.orgs.models import Department, Organisation, Role
from gongkai.orgs.selectors import has_role
from gongkai.tasks.services import call_later
from gongkai.workdays.selectors import current_calendar

from . import rules, selectors
from .models import Message
from .workflow import IN_DEPARTMENT, Action, check_step, roles_for

log = logging.getLogger(__name__)
S = Message.Status
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as applications: no 0/O, 1/I
SUBJECT_MAX, BODY_MAX = 100, 3000


def message_number(org: Organisation, year: int) -> str:
    """M2026-00001: per agency and year, never handed out twice (core.counters), skipping imported ones."""
    taken = lambda n: Message.objects.filter(org=org, number=f"M{year}-{n:05d}").exists()  # noqa: E731
    return f"M{year}-{counter_next(org=org, scope='message', year=year, taken=taken):05d}"


def query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def address_hash(address: str) -> str:
    """The sender's address, kept only as a keyed hash: enough to see that held messages came from one
    place, never the address itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest() if address else ""


def _due(org_id: int, received_on: dt.date, calendar=None) -> dt.date:
    return rules.reply_due_on(received_on, selectors.reply_term(org_id), calendar or current_calendar())


def _contact_problems(data: dict) -> dict[str, str]:
    from gongkai.applications.identity import phone_problem
    from gongkai.applications.validation import contact_format_problems

    errors = {k: v for k, v in contact_format_problems({"email": data.get("email", "")}).items()}
    phone = (data.get("phone") or "").strip()
    if phone and (problem := phone_problem(phone)):
        errors["phone"] = problem
    return errors


def message_validate(*, org: Organisation, data: dict) -> dict:
    """The public's message, checked (FieldErrors naming every problem at once) and normalised."""
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    errors: dict[str, str] = {}
    channels = {c.code: c for c in selectors.channels_for(org)}
    channel = channels.get(clean.get("channel", ""))
    if channel is None or not channel.is_open:
        errors["channel"] = "请选择留言渠道"
    if not clean.get("subject"):
        errors["subject"] = "请填写留言标题"
    elif len(clean["subject"]) > SUBJECT_MAX:
        errors["subject"] = f"标题不超过 {SUBJECT_MAX} 个字"
    if not clean.get("body"):
        errors["body"] = "请填写留言内容"
    elif len(clean["body"]) > BODY_MAX:
        errors["body"] = f"留言内容不超过 {BODY_MAX} 个字（现为 {len(clean['body'])} 个字）"
    if not clean.get("writer_name"):
        errors["writer_name"] = "请填写姓名或称呼"
    errors.update(_contact_problems(clean))
    if errors:
        raise FieldErrors(errors)
    return clean


@transaction.atomic
def message_submit_public(*, org: Organisation, data: dict, hold_reasons: list[str] = (), address: str = "") -> Message:
    """A member of the public writes to the agency on the portal; received today. With HOLD_REASONS
    the message is stored all the same, held back for staff to review (never dropped)."""
    data = message_validate(org=org, data=data)
    now = timezone.now()
    received = timezone.localdate(now)
    msg = Message(
        org=org, number=message_number(org, received.year), query_code=query_code(), channel=data["channel"],
        received_on=received, submitted_at=now, subject=data["subject"], body=data["body"],
        writer_name=data["writer_name"], phone=data.get("phone", ""), email=data.get("email", ""),
        is_public=bool(data.get("is_public", True)), address_hash=address_hash(address),
        status=S.HELD if hold_reasons else S.RECEIVED, held_reason="；".join(hold_reasons)[:200],
        due_on=_due(org.pk, received),
    )
    msg.save()
    audit_record("message.received", org=org, obj=msg, data={"channel": msg.channel, "held": list(hold_reasons)})
    return msg


def message_receipt(msg: Message) -> dict:
    """What the receipt page shows once (kept, encrypted, as the idempotency key's receipt)."""
    return {"number": msg.number, "query_code": msg.query_code, "org": msg.org.name,
            "received_on": msg.received_on.isoformat(), "due_on": msg.due_on.isoformat(), "is_public": msg.is_public}


def message_submit_once(*, org: Organisation, data: dict, key: str, scope: str, hold_reasons: list[str] = (),
                        address: str = "") -> Submitted:
    """message_submit_public at most once per KEY (the form's one-time token): a repeat returns the
    first receipt and writes nothing (core.idempotency, as applications do)."""
    return submit_once(scope=scope, key=key, create=lambda: message_receipt(
        message_submit_public(org=org, data=data, hold_reasons=hold_reasons, address=address)))


# --- the chain -------------------------------------------------------------------------------------

def _begin(message_id: int, by, action: str) -> Message:
    """The opening of every step: the message locked, the transition allowed, the actor's role checked
    (in the message's department for the department's own steps)."""
    msg = Message.objects.select_for_update(of=("self",)).select_related("org").get(pk=message_id)
    target = check_step(action, msg.status)
    department = msg.department_id if action in IN_DEPARTMENT else None
    if not any(has_role(by, msg.org, role, department) for role in roles_for(action)):
        who = "、".join(Role(r).label for r in roles_for(action))
        where = "承办处室的" if department else "本机关的"
        raise NotAllowed(f"只有{where}{who}可以办理此事项")
    msg._target = target
    return msg


def _record(msg: Message, action: str, by, **data) -> None:
    audit_record(f"message.{action}", by=by, org=msg.org, obj=msg, data={"status": msg.status, **data})


@transaction.atomic
def message_release(*, message_id: int, by) -> Message:
    """A held (or set-aside) submission is genuine: it enters the queue with its original receipt date."""
    msg = _begin(message_id, by, Action.RELEASE)
    msg.status = msg._target
    msg.save(update_fields=["status", "updated_at"])
    _record(msg, Action.RELEASE, by, held_reason=msg.held_reason)
    return msg


@transaction.atomic
def message_discard(*, message_id: int, by, reason: str = "") -> Message:
    """A held submission is spam: set aside, still stored (and releasable), not counted as valid."""
    msg = _begin(message_id, by, Action.DISCARD)
    msg.status = msg._target
    if reason.strip():
        msg.held_reason = f"{msg.held_reason}；{reason.strip()}".strip("；")[:200]
    msg.save(update_fields=["status", "held_reason", "updated_at"])
    _record(msg, Action.DISCARD, by, reason=reason.strip())
    return msg


@transaction.atomic
def message_assign(*, message_id: int, by, department: Department) -> Message:
    """分办: the department that answers. Reassigning is allowed until the reply is under review."""
    msg = _begin(message_id, by, Action.ASSIGN)
    if department is None or department.org_id != msg.org_id:
        raise InvalidInput("请选择本机关的承办处室")
    msg.status, msg.department = msg._target, department
    msg.save(update_fields=["status", "department", "updated_at"])
    _record(msg, Action.ASSIGN, by, department=department.name)
    return msg


@transaction.atomic
def message_draft(*, message_id: int, by, reply: str, public_subject: str = "", public_body: str = "") -> Message:
    """The department's 信息员 drafts the reply and the question as it will be published (personal
    data removed; rules.redact proposes it), and submits both to the 处室负责人."""
    msg = _begin(message_id, by, Action.DRAFT)
    errors = {}
    if not reply.strip():
        errors["reply"] = "请填写答复内容"
    if msg.is_public and not (public_subject.strip() or msg.subject):
        errors["public_subject"] = "请填写公开标题"
    if errors:
        raise FieldErrors(errors)
    msg.status, msg.reply, msg.drafted_by = msg._target, reply.strip(), by
    names = (msg.writer_name,)
    msg.public_subject = rules.redact(public_subject.strip() or msg.subject, names)[:200]
    msg.public_body = rules.redact(public_body.strip() or msg.body, names)
    msg.save(update_fields=["status", "reply", "drafted_by", "public_subject", "public_body", "updated_at"])
    _record(msg, Action.DRAFT, by)
    return msg


@transaction.atomic
def message_return(*, message_id: int, by, comment: str) -> Message:
    msg = _begin(message_id, by, Action.RETURN)
    if not comment.strip():
        raise FieldErrors({"comment": "退回时请写明修改意见"})
    msg.status, msg.return_reason = msg._target, comment.strip()
    msg.save(update_fields=["status", "return_reason", "updated_at"])
    _record(msg, Action.RETURN, by, comment=comment.strip())
    return msg


@transaction.atomic
def message_approve(*, message_id: int, by, on: dt.date | None = None, guard_reason: str = "") -> Message:
    """The 处室负责人 approves: the reply is given today, e-mailed to the writer when they left an
    address (after commit), and published with the question unless the writer asked otherwise.
    The confidentiality guard reads the reply and the text to be published first (_guard)."""
    msg = _begin(message_id, by, Action.APPROVE)
    _guard(msg, by, guard_reason)
    if msg.drafted_by_id == by.pk and not settings.GONGKAI_ALLOW_SELF_APPROVAL:
        raise NotAllowed("不能审核自己拟定的答复（系统设置不允许同一人拟稿并审核）")
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < msg.received_on:
        raise InvalidInput("答复日期应在收到留言之日与今天之间")
    msg.status, msg.approved_by, msg.replied_on, msg.return_reason = msg._target, by, on, ""
    msg.save(update_fields=["status", "approved_by", "replied_on", "return_reason", "updated_at"])
    _record(msg, Action.APPROVE, by, replied_on=on.isoformat(), mailed=bool(msg.email))
    if msg.email:
        call_later("message.reply_mail", msg.pk)  # by a worker, after commit (decision 0054)
    if msg.is_public:
        _publish(msg, by)
    return msg


# --- the portal ------------------------------------------------------------------------------------

def _publish(msg: Message, by) -> None:
    from gongkai.search.services import search_index_message

    msg.is_published, msg.published_at = True, timezone.now()
    if not msg.public_subject:
        msg.public_subject = rules.redact(msg.subject, (msg.writer_name,))[:200]
        msg.public_body = rules.redact(msg.body, (msg.writer_name,))
    msg.save(update_fields=["is_published", "published_at", "public_subject", "public_body", "updated_at"])
    search_index_message(msg)
    selectors.published_changed()
    _record(msg, "published", by)


@transaction.atomic
def message_publish(*, message_id: int, by, guard_reason: str = "") -> Message:
    """Publishes an answered message the writer agreed to publish (one imported, or taken down before)."""
    msg = Message.objects.select_for_update(of=("self",)).select_related("org").get(pk=message_id)
    _staff(by, msg)
    if msg.status != S.REPLIED:
        raise InvalidInput("只有已答复的留言可以公开")
    if not msg.is_public:
        raise InvalidInput("留言人要求不公开，不能在网站上公开")
    if msg.is_published:
        raise InvalidInput("该留言已经公开")
    _guard(msg, by, guard_reason)
    _publish(msg, by)
    return msg


def _guard(msg: Message, by, reason: str) -> None:
    """保密审查 before a reply goes out: a secret mark, an ID or a bank card number in the reply or in
    the published question stops the step unless REASON says why it may stay (audited)."""
    from gongkai.textguard.services import text_publish_check

    texts = {"答复": msg.reply}
    if msg.is_public:
        texts.update({"公开标题": msg.public_subject, "公开内容": msg.public_body})
    text_publish_check(org=msg.org, texts=texts, by=by, obj=msg, action="message.reply", reason=reason)


@transaction.atomic
def message_unpublish(*, message_id: int, by, reason: str) -> Message:
    """Takes a published Q&A off the portal (and out of search) in one transaction."""
    from gongkai.search.services import search_remove_message

    msg = Message.objects.select_for_update(of=("self",)).select_related("org").get(pk=message_id)
    _staff(by, msg)
    if not msg.is_published:
        raise InvalidInput("该留言没有公开")
    if not reason.strip():
        raise FieldErrors({"reason": "请写明撤下的理由"})
    msg.is_published = False
    msg.save(update_fields=["is_published", "updated_at"])
    search_remove_message(msg.pk)
    selectors.published_changed()
    _record(msg, "unpublished", by, reason=reason.strip())
    return msg


def _staff(by, msg: Message) -> None:
    if not any(has_role(by, msg.org, r) for r in (Role.CLERK, Role.SUPERVISOR)):
        raise NotAllowed("只有本机关的信息员或公开主管可以办理此事项")


def reply_mail_send(message_id: int) -> bool:
    """E-mails the approved reply to the writer (a worker, after commit); records when it went out.
    Claimed first (mailed_at set while NULL), so a task delivered twice mails once; a refusal clears
    the claim and raises, and the worker tries again later."""
    msg = Message.objects.select_related("org").filter(pk=message_id, status=S.REPLIED, mailed_at__isnull=True).first()
    if msg is None or not msg.email:
        return False
    if not Message.objects.filter(pk=message_id, mailed_at__isnull=True).update(mailed_at=timezone.now()):
        return False  # another worker has it
    subject = f"【{msg.org.name}】对您的留言（{msg.number}）的答复"
    body = (f"{msg.writer_name}：\n\n您于{msg.received_on:%Y年%m月%d日}的留言“{msg.subject}”已答复：\n\n{msg.reply}\n\n"
            f"{msg.org.name}\n{msg.replied_on:%Y年%m月%d日}\n\n（本邮件由政府信息公开平台自动发送，请勿直接回复。）\n")
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [msg.email])
    except Exception:
        # The reply stands (the writer can read it on the tracking page); the mail is tried again.
        log.warning("reply mail for message %s failed", message_id)
        Message.objects.filter(pk=message_id).update(mailed_at=None)
        raise
    return True


# --- the calendar ----------------------------------------------------------------------------------

def messages_recompute_touching(day: dt.date, *, progress=None) -> int:
    """After a calendar change on DAY: the due dates of open messages whose term may cross it."""
    calendar, terms = current_calendar(), {}
    touched = 0
    qs = Message.objects.filter(status__in=Message.OPEN_STATUSES, received_on__lt=day, due_on__gte=day)
    for pk, org_id, received, due in qs.values_list("pk", "org_id", "received_on", "due_on"):
        if org_id not in terms:
            terms[org_id] = selectors.reply_term(org_id)
        new = rules.reply_due_on(received, terms[org_id], calendar)
        if new != due:
            Message.objects.filter(pk=pk).update(due_on=new)
            touched += 1
    return touched
