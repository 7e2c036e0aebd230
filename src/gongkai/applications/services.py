"""State changes of an application (依申请公开), from receipt to written reply.

Each service checks the acting user's role, validates, writes the change, its Event (the case's
history; `public` events appear on the applicant's tracking page), its audit entry, and recomputes
the clock, in one transaction. The allowed transitions are the table TRANSITIONS.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.counters import counter_next
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.idempotency import Submitted, submit_once
from gongkai.orgs.models import Organisation, Role
from gongkai.orgs.selectors import has_role
from gongkai.workdays import rules
from gongkai.workdays.selectors import current_calendar

from . import clock, flags
from .fees import fee_by_count, fee_by_pages
from .letters import letter_issue, letter_render, reply_code, step_values
from .models import Application, Decision, Document, Event, Letter, Pause
from .outcomes import LEGAL_BASIS, Outcome
from .validation import application_validate

S = Application.Status
E = Event.Kind

# action → statuses it may start from (the state machine of a case)
TRANSITIONS = {
    "correction_request": {S.REGISTERED},
    "correction_received": {S.AWAITING_CORRECTION},
    "correction_lapsed": {S.AWAITING_CORRECTION},
    "consultation_start": {S.REGISTERED},
    "consultation_end": {S.CONSULTING},
    "extension_approve": {S.REGISTERED, S.CONSULTING, S.AWAITING_FEE, S.DECISION_PENDING},
    "fee_notice": {S.REGISTERED},
    "fee_paid": {S.AWAITING_FEE},
    "fee_lapsed": {S.AWAITING_FEE},
    "decision_draft": {S.REGISTERED, S.DECISION_PENDING},
    "decision_approve": {S.DECISION_PENDING},
    "decision_return": {S.DECISION_PENDING},
}
EARLIEST_RECEIPT = dt.date(2008, 5, 1)  # the 2007 regulation took effect; nothing can be older
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def _check(app: Application, action: str) -> None:
    if app.status not in TRANSITIONS[action]:
        raise IllegalTransition(f"该申请当前状态为“{app.get_status_display()}”，不能执行此操作")


def _staff(by, org, role: str = Role.CLERK) -> None:
    roles = {role} if role == Role.SUPERVISOR else {Role.CLERK, Role.SUPERVISOR}
    if not any(has_role(by, org, r) for r in roles):
        raise NotAllowed(f"只有本机关的{Role(role).label}可以办理此事项")


def event_record(app: Application, kind: str, *, on: dt.date, by=None, public: bool = False, note: str = "", **data) -> Event:
    """A step of the case for its history (public ones also on the tracking page), with its audit entry."""
    event = Event.objects.create(application=app, kind=kind, on=on, by=by if by and by.is_authenticated else None,
                                 public=public, note=note, data=data)
    audit_record(f"application.{kind}", by=by, org=app.org, obj=app, data={"on": on.isoformat(), "note": note, **data})
    return event


def _not_future(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise InvalidInput(f"{what}不能晚于今天（{timezone.localdate():%Y-%m-%d}）")


def _lock(app_id: int) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("org").get(pk=app_id)


def _begin(app_id: int, by, action: str, role: str = Role.CLERK) -> Application:
    """The opening of every step: the case locked, the actor's role checked, the transition allowed."""
    app = _lock(app_id)
    _staff(by, app.org, role)
    _check(app, action)
    return app


# --- intake ---------------------------------------------------------------------------------------

def _create(*, org: Organisation, data: dict, channel: str, received_on: dt.date, by=None, submitted_at=None) -> Application:
    if received_on < EARLIEST_RECEIPT:
        raise InvalidInput("收到申请日期不能早于2008年5月1日（《政府信息公开条例》施行之日）")
    _not_future(received_on, "收到申请日期")
    data = application_validate(data)
    number = f"{received_on.year}-{counter_next(org=org, scope='application', year=received_on.year, taken=lambda n: Application.objects.filter(org=org, number=f'{received_on.year}-{n:05d}').exists()):05d}"
    app = Application(org=org, number=number, channel=channel, received_on=received_on, submitted_at=submitted_at,
                      regime=rules.regime_for(received_on), registered_by=by if by and by.is_authenticated else None,
                      query_code="".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8)), **data)
    app.full_clean(exclude=["handler", "registered_by", "flag_possible_repeat"])
    app.save()
    flags.application_flag(app)
    clock.application_recompute(app)
    return app


@transaction.atomic
def application_submit_online(*, org: Organisation, data: dict, files: list[tuple[str, bytes]] = ()) -> Application:
    """A member of the public applies on the portal. 第三十一条: for an online application the date of
    receipt is the day both sides confirm it — the system confirms at once, so today."""
    now = timezone.now()
    app = _create(org=org, data=data, channel="online", received_on=timezone.localdate(now), submitted_at=now)
    for name, content in files:
        document_add(app=app, kind=Document.Kind.APPLICANT_ATTACHMENT, name=name, content=content)
    event_record(app, E.RECEIVED, on=app.received_on, public=True, note="网上提交申请，系统已确认收到")
    return app


def application_receipt(app: Application) -> dict:
    """What the applicant is told once: number, query code (in the clear only here), dates."""
    return {"number": app.number, "query_code": app.query_code, "org": app.org.name,
            "received_on": app.received_on.isoformat(),
            "due_on": app.effective_due_on.isoformat() if app.effective_due_on else ""}


def application_submit_public(*, org: Organisation, data: dict, key: str, scope: str, files: list[tuple[str, bytes]] = (),
                              fingerprint: str = "") -> Submitted:
    """application_submit_online at most once per KEY (the form's one-time token, the API's
    Idempotency-Key): a repeat returns the first receipt and writes nothing (decision 0023)."""
    return submit_once(scope=scope, key=key, fingerprint=fingerprint,
                       create=lambda: application_receipt(application_submit_online(org=org, data=data, files=files)))


@transaction.atomic
def application_register(*, org: Organisation, by, data: dict, channel: str, received_on: dt.date,
                         scans: list[tuple[str, bytes]] = ()) -> Application:
    """Staff register an application that came by letter, e-mail, in person or fax, with the date of
    receipt set by the channel's rule (第三十一条) — entered by staff, who know when they signed for it."""
    _staff(by, org)
    if channel == "online":
        raise InvalidInput("网上申请由申请人在门户网站提交，无需登记")
    app = _create(org=org, data=data, channel=channel, received_on=received_on, by=by)
    for name, content in scans:
        document_add(app=app, kind=Document.Kind.SCAN, name=name, content=content)
    event_record(app, E.RECEIVED, on=received_on, by=by, public=True, note=f"收到申请（{app.get_channel_display()}）")
    return app


ALLOWED_DOCUMENT_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/tiff",
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def document_add(*, app: Application, kind: str, name: str, content: bytes, public: bool = False,
                 content_type: str | None = None) -> Document:
    """Stores a file of the case after checking its real type (by content) and size."""
    if len(content) > settings.GONGKAI_MAX_ATTACHMENT_BYTES:
        raise InvalidInput(f"文件“{name}”超过大小上限（{settings.GONGKAI_MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB）")
    guessed = filetype.guess(content)
    mime = content_type or (guessed.mime if guessed else None)
    if mime not in ALLOWED_DOCUMENT_TYPES:
        raise InvalidInput(f"文件“{name}”不是允许的类型（PDF、DOCX、XLSX 或图片），按文件内容判断")
    digest = hashlib.sha256(content).hexdigest()
    doc = Document(application=app, kind=kind, name=name.replace("/", "_")[-150:], content_type=mime,
                   size=len(content), sha256=digest, public=public)
    doc.file.save(name.replace("/", "_")[-60:], ContentFile(content), save=False)
    doc.save()
    return doc


# --- 补正 (第三十条) -----------------------------------------------------------------------------

@transaction.atomic
def correction_request(*, app_id: int, by, on: dt.date, what: str, term_on: dt.date | None = None) -> Application:
    """Asks the applicant, once, to correct an unclear application — only within 7 working days of
    receipt (第三十条). The period will restart from the day the correction arrives."""
    app = _begin(app_id, by, "correction_request")
    if app.correction_requested_on:
        raise InvalidInput("第三十条：补正应一次性告知，本申请已告知过补正")
    _not_future(on, "补正通知日期")
    calendar = current_calendar()
    last_day = rules.correction_notice_last_day(app.received_on, calendar)
    if on > last_day or on < app.received_on:
        raise InvalidInput(f"第三十条：补正通知应在收到申请之日起7个工作日内发出（最迟 {last_day:%Y-%m-%d}）")
    if not what.strip():
        raise InvalidInput("请写明需要补正的事项")
    term_on = term_on or rules.add_working_days(on, settings.GONGKAI_CORRECTION_TERM_WORKING_DAYS, calendar)
    if term_on <= on:
        raise InvalidInput("补正期限应晚于通知日期")
    app.status, app.correction_requested_on, app.correction_term_on = S.AWAITING_CORRECTION, on, term_on
    app.save(update_fields=["status", "correction_requested_on", "correction_term_on", "updated_at"])
    clock.application_recompute(app, calendar)
    event_record(app, E.CORRECTION_REQUESTED, on=on, by=by, public=True, note=what.strip(), term_on=term_on.isoformat())
    letter_issue(app=app, code=Letter.Kind.CORRECTION, on=on, by=by, **step_values(what=what, term_on=term_on))
    return app


@transaction.atomic
def correction_received(*, app_id: int, by, on: dt.date) -> Application:
    app = _begin(app_id, by, "correction_received")
    _not_future(on, "收到补正日期")
    if on < app.correction_requested_on:
        raise InvalidInput("收到补正日期不能早于补正通知日期")
    app.status, app.corrected_on = S.REGISTERED, on
    app.save(update_fields=["status", "corrected_on", "updated_at"])
    clock.application_recompute(app)
    event_record(app, E.CORRECTED, on=on, by=by, public=True, note="收到补正后的申请，答复期限自当日起重新计算")
    return app


@transaction.atomic
def correction_lapsed(*, app_id: int, by, on: dt.date) -> Application:
    """No correction by the term: the application is treated as abandoned (other_no_correction)."""
    app = _begin(app_id, by, "correction_lapsed")
    if on <= app.correction_term_on:
        raise InvalidInput(f"补正期限（{app.correction_term_on:%Y-%m-%d}）尚未届满")
    return _close(app, Outcome.OTHER_NO_CORRECTION, on=on, by=by, note="申请人逾期未补正，视为放弃申请")


# --- consultation (第三十二条、第三十四条) -------------------------------------------------------

@transaction.atomic
def consultation_start(*, app_id: int, by, on: dt.date, party: str, kind: str = Pause.Kind.THIRD_PARTY) -> Pause:
    """Consults a third party or another agency; the time does not count (第三十三条第二款)."""
    app = _begin(app_id, by, "consultation_start")
    _not_future(on, "征求意见日期")
    if kind not in (Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY):
        raise InvalidInput("征求意见的对象应为第三方或其他机关")
    if on < (app.corrected_on or app.received_on):
        raise InvalidInput("征求意见日期不能早于收到申请日期")
    if not party.strip():
        raise InvalidInput("请填写被征求意见的第三方或机关")
    pause = Pause.objects.create(application=app, kind=kind, start_on=on, party=party.strip(),
                                 answer_due_on=rules.consultation_last_day(on, current_calendar()))
    app.status = S.CONSULTING
    app.save(update_fields=["status", "updated_at"])
    clock.application_recompute(app)
    event_record(app, E.CONSULTATION_STARTED, on=on, by=by, public=True, note="征求意见期间不计算在答复期限内",
           party=pause.party, answer_due_on=pause.answer_due_on.isoformat())
    if kind == Pause.Kind.THIRD_PARTY:  # 第三十二条: the third party is asked in writing; not for the applicant's eyes
        letter_issue(app=app, code=Letter.Kind.CONSULTATION, on=on, by=by, recipient=pause.party, public=False,
                     **step_values(party=pause.party, answer_due_on=pause.answer_due_on))
    return pause


@transaction.atomic
def consultation_end(*, app_id: int, by, on: dt.date, note: str = "") -> Application:
    app = _begin(app_id, by, "consultation_end")
    pause = app.pauses.get(end_on__isnull=True)
    _not_future(on, "征求意见结束日期")
    if on < pause.start_on:
        raise InvalidInput("结束日期不能早于开始日期")
    pause.end_on = on
    pause.note = note
    pause.save(update_fields=["end_on", "note"])
    app.status = S.REGISTERED
    app.save(update_fields=["status", "updated_at"])
    clock.application_recompute(app)
    event_record(app, E.CONSULTATION_ENDED, on=on, by=by, public=True, note=note)
    return app


# --- extension (第三十三条第二款) ----------------------------------------------------------------

@transaction.atomic
def extension_approve(*, app_id: int, by, on: dt.date, reason: str) -> Application:
    """The 公开主管 approves up to 20 more working days; the applicant is notified (a public event)."""
    app = _begin(app_id, by, "extension_approve", Role.SUPERVISOR)
    if app.extended:
        raise InvalidInput("本申请已延期一次，延长期限最长不得超过20个工作日")
    if not reason.strip():
        raise InvalidInput("请写明延期理由（将告知申请人）")
    if app.due_on and on > app.due_on:
        raise InvalidInput(f"延期应在答复期限（{app.due_on:%Y-%m-%d}）届满前决定")
    app.extended, app.extended_on = True, on
    app.save(update_fields=["extended", "extended_on", "updated_at"])
    clock.application_recompute(app)
    event_record(app, E.EXTENDED, on=on, by=by, public=True, note=reason.strip(),
           extended_due_on=app.extended_due_on.isoformat() if app.extended_due_on else None)
    letter_issue(app=app, code=Letter.Kind.EXTENSION, on=on, by=by,
                 **step_values(reason=reason, extended_due_on=app.extended_due_on or app.effective_due_on))
    return app


# --- fees (国办函〔2020〕109号) --------------------------------------------------------------------

@transaction.atomic
def fee_notice(*, app_id: int, by, on: dt.date, method: str, monthly_count: int | None = None,
               pages: int | None = None) -> Pause:
    """Issues a written fee notice; one method per application, never both. The clock stops until
    payment (a setting); unpaid by the term, the application ends as other_fee_unpaid."""
    app = _begin(app_id, by, "fee_notice")
    if method == "count" and monthly_count and pages is None:
        fee = fee_by_count(monthly_count)
    elif method == "pages" and pages is not None and monthly_count is None:
        fee = fee_by_pages(pages)
    else:
        raise InvalidInput("收费方式应为按件（填写本月第几件）或按量（填写页数）之一，不能同时适用")
    if fee.fee_yuan == 0:
        raise InvalidInput(f"按{fee.basis}，无需收费")
    pause = Pause.objects.create(application=app, kind=Pause.Kind.FEE, start_on=on, fee_yuan=fee.fee_yuan, note=fee.basis,
                                 answer_due_on=on + dt.timedelta(days=settings.GONGKAI_FEE_PAYMENT_DAYS))
    app.status = S.AWAITING_FEE
    app.save(update_fields=["status", "updated_at"])
    clock.application_recompute(app)
    event_record(app, E.FEE_NOTICE, on=on, by=by, public=True, note=f"信息处理费 {fee.fee_yuan} 元（{fee.basis}）",
           fee_yuan=fee.fee_yuan, pay_by=pause.answer_due_on.isoformat())
    letter_issue(app=app, code=Letter.Kind.FEE, on=on, by=by,
                 **step_values(fee_yuan=fee.fee_yuan, basis=fee.basis, pay_by=pause.answer_due_on))
    return pause


@transaction.atomic
def fee_paid(*, app_id: int, by, on: dt.date) -> Application:
    app = _begin(app_id, by, "fee_paid")
    pause = app.pauses.get(end_on__isnull=True, kind=Pause.Kind.FEE)
    if on < pause.start_on:
        raise InvalidInput("缴费日期不能早于收费通知日期")
    _not_future(on, "缴费日期")
    pause.end_on = on
    pause.save(update_fields=["end_on"])
    app.status, app.fee_yuan = S.REGISTERED, app.fee_yuan + pause.fee_yuan
    app.save(update_fields=["status", "fee_yuan", "updated_at"])
    clock.application_recompute(app)
    event_record(app, E.FEE_PAID, on=on, by=by, public=True, fee_yuan=pause.fee_yuan)
    return app


@transaction.atomic
def fee_lapsed(*, app_id: int, by, on: dt.date) -> Application:
    app = _begin(app_id, by, "fee_lapsed")
    pause = app.pauses.get(end_on__isnull=True, kind=Pause.Kind.FEE)
    if on <= pause.answer_due_on:
        raise InvalidInput(f"缴费期限（{pause.answer_due_on:%Y-%m-%d}）尚未届满")
    pause.end_on = on
    pause.save(update_fields=["end_on"])
    return _close(app, Outcome.OTHER_FEE_UNPAID, on=on, by=by, note="申请人逾期未缴纳信息处理费，不再处理")


def applications_close_lapsed(*, today: dt.date | None = None) -> dict[str, int]:
    """Closes, as of TODAY, every case whose correction term (第三十条: other_no_correction) or fee
    payment term (other_fee_unpaid) has passed — by the system, for cron. Each case is re-read under
    a row lock and its status checked again, so two runs at once never close one twice."""
    today = today or timezone.localdate()
    closed = {"other_no_correction": 0, "other_fee_unpaid": 0}
    lapsed_correction = Application.objects.filter(status=S.AWAITING_CORRECTION, correction_term_on__lt=today)
    lapsed_fee = Application.objects.filter(status=S.AWAITING_FEE, pauses__kind=Pause.Kind.FEE,
                                            pauses__end_on__isnull=True, pauses__answer_due_on__lt=today)
    for pk in lapsed_correction.values_list("pk", flat=True):
        with transaction.atomic():
            app = _lock(pk)
            if app.status == S.AWAITING_CORRECTION and app.correction_term_on < today:
                _close(app, Outcome.OTHER_NO_CORRECTION, on=today, by=None, note="申请人逾期未补正，视为放弃申请（系统按期限处理）")
                closed["other_no_correction"] += 1
    for pk in lapsed_fee.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            app = _lock(pk)
            pause = app.pauses.filter(end_on__isnull=True, kind=Pause.Kind.FEE).first()
            if app.status == S.AWAITING_FEE and pause and pause.answer_due_on < today:
                pause.end_on = today
                pause.save(update_fields=["end_on"])
                _close(app, Outcome.OTHER_FEE_UNPAID, on=today, by=None, note="申请人逾期未缴纳信息处理费，不再处理（系统按期限处理）")
                closed["other_fee_unpaid"] += 1
    return closed


# --- decision (第三十六条) -------------------------------------------------------------------------

@transaction.atomic
def decision_draft(*, app_id: int, by, outcome: str, reply_text: str, legal_basis: str = "",
                   on: dt.date | None = None) -> Decision:
    """ON: the day of the draft in the case's history (default today; earlier for recorded history)."""
    app = _begin(app_id, by, "decision_draft")
    if outcome not in Outcome.values:
        raise InvalidInput(f"未知的办理结果代码：{outcome}")
    if outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID):
        raise InvalidInput("逾期不补正、逾期未缴费的申请由系统按期限终止，无需拟定答复")
    if not reply_text.strip():
        raise InvalidInput("请填写答复正文")
    app.decisions.filter(status=Decision.Status.DRAFT).update(status=Decision.Status.RETURNED, comment="已被新的拟稿取代")
    decision = Decision.objects.create(application=app, outcome=outcome, reply_text=reply_text.strip(),
                                       legal_basis=legal_basis.strip() or LEGAL_BASIS.get(outcome, ""), drafted_by=by)
    on = on or timezone.localdate()
    _not_future(on, "拟稿日期")
    app.status = S.DECISION_PENDING
    app.save(update_fields=["status", "updated_at"])
    event_record(app, E.DECISION_DRAFTED, on=on, by=by, outcome=outcome)
    return decision


@transaction.atomic
def decision_return(*, decision_id: int, by, comment: str) -> Decision:
    decision = Decision.objects.select_related("application").get(pk=decision_id)
    app = _begin(decision.application_id, by, "decision_return", Role.SUPERVISOR)
    if decision.status != Decision.Status.DRAFT:
        raise IllegalTransition("该答复拟稿不在待审批状态")
    if not comment.strip():
        raise InvalidInput("退回时请写明修改意见")
    decision.status, decision.comment = Decision.Status.RETURNED, comment.strip()
    decision.save(update_fields=["status", "comment"])
    app.status = S.REGISTERED
    app.save(update_fields=["status", "updated_at"])
    event_record(app, E.DECISION_RETURNED, on=timezone.localdate(), by=by, note=comment.strip())
    return decision


@transaction.atomic
def decision_approve(*, decision_id: int, by, on: dt.date | None = None, guard_reason: str = "") -> Application:
    """The 公开主管 approves the reply: the case closes with its outcome, and the formal reply letter
    (告知书, with its 文号) is issued and stored as DOCX and PDF for the applicant's tracking page. The
    confidentiality guard reads the reply first: a secret mark, an ID or a bank card number stops
    the approval unless GUARD_REASON says why it may stay (audited)."""
    from gongkai.textguard.services import text_publish_check

    decision = Decision.objects.select_related("application").get(pk=decision_id)
    app = _begin(decision.application_id, by, "decision_approve", Role.SUPERVISOR)
    if decision.status != Decision.Status.DRAFT:
        raise IllegalTransition("该答复拟稿不在待审批状态")
    if decision.drafted_by_id == by.pk and not settings.GONGKAI_ALLOW_SELF_APPROVAL:
        raise NotAllowed("不能审批自己拟定的答复（系统设置不允许同一人拟稿并审批）")
    on = on or timezone.localdate()
    _not_future(on, "答复日期")
    if decision.outcome == Outcome.PARTIALLY_DISCLOSED and not app.documents.filter(kind=Document.Kind.REDACTED).exists():
        raise InvalidInput("部分公开须附上区分处理后的公开材料（第三十七条），请先上传")
    text_publish_check(org=app.org, texts={"答复正文": decision.reply_text, "法律依据": decision.legal_basis},
                       by=by, obj=app, action="application.decision", reason=guard_reason)
    decision.status, decision.approved_by, decision.approved_on = Decision.Status.APPROVED, by, on
    decision.save(update_fields=["status", "approved_by", "approved_on"])
    letter = letter_issue(app=app, code=reply_code(decision.outcome), on=on, by=by, reply_text=decision.reply_text,
                          legal_basis=decision.legal_basis or "《中华人民共和国政府信息公开条例》")
    for fmt, mime in (("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("pdf", "application/pdf")):
        document_add(app=app, kind=Document.Kind.LETTER, name=f"答复告知书-{app.number}.{fmt}",
                     content=letter_render(letter, fmt), public=True, content_type=mime)
    return _close(app, decision.outcome, on=on, by=by, note="作出书面答复", replied=True)


def _close(app: Application, outcome: str, *, on: dt.date, by, note: str, replied: bool = False) -> Application:
    app.status, app.outcome, app.closed_on = S.CLOSED, outcome, on
    app.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    event_record(app, E.REPLIED if replied else E.CLOSED, on=on, by=by, public=True, note=note, outcome=outcome)
    return app


# --- who handles the case ------------------------------------------------------------------------

def eligible_handlers(org):
    """Staff who may handle applications of ORG: its 信息员 and 公开主管."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(memberships__org=org, memberships__role__in=[Role.CLERK, Role.SUPERVISOR])
            .distinct().order_by("username"))


@transaction.atomic
def application_assign(*, app_id: int, by, handler) -> Application:
    """Names the staff member who handles the case: the queue's "mine" and the reminders go to them."""
    app = _lock(app_id)
    _staff(by, app.org)
    if not app.is_open:
        raise InvalidInput("已办结的申请无需指定承办人")
    if not eligible_handlers(app.org).filter(pk=handler.pk).exists():
        raise InvalidInput("承办人须为本机关的信息员或公开主管")
    app.handler = handler
    app.save(update_fields=["handler", "updated_at"])
    event_record(app, E.ASSIGNED, on=timezone.localdate(), by=by, note=f"承办人：{handler.get_full_name() or handler.get_username()}")
    return app


# --- personal data ------------------------------------------------------------------------------

@transaction.atomic
def query_code_reset(*, app_id: int, by) -> str:
    """A new query code for an applicant who lost theirs (only its hash is kept, so the old one cannot
    be read back): the old code stops working; the new one is returned once, to be told; recorded."""
    app = _lock(app_id)
    _staff(by, app.org)
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
    app.query_code = code
    app.save(update_fields=["query_code_hash", "updated_at"])
    event_record(app, E.NOTE, on=timezone.localdate(), by=by, note="应申请人要求重新生成查询码（原查询码作废）")
    return code


@transaction.atomic
def personal_data_reveal(*, app_id: int, by) -> dict:
    """Full ID number and phone, only for staff of the handling agency; each view is recorded."""
    app = Application.objects.select_related("org").get(pk=app_id)
    _staff(by, app.org)
    event_record(app, E.PERSONAL_DATA_VIEWED, on=timezone.localdate(), by=by)
    return {"id_number": app.id_number, "phone": app.phone, "email": app.email, "address": app.address}
