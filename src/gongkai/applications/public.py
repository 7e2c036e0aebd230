"""What the applicant may see of a case, shaped once for the tracking page and the status API.

Only the case's public side leaves here: status, dates, public steps, outcome and the public
documents. Never the ID number, the phone, the e-mail, the address, nor the full name (masked), nor
the name of a consulted third party — whoever holds a number and a query code sees this page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core import signing
from django.urls import reverse

from .identity import mask_name
from .models import Application, Document, Event
from .outcomes import Outcome
from .selectors import public_documents, public_events

E = Event.Kind
S = Application.Status

# The headings of the official table's groups, so that "（三）1. 属于国家秘密" reads to the applicant
# as "不予公开：属于国家秘密".
_OUTCOME_GROUPS = {"（一）": "予以公开", "（二）": "部分公开", "（三）": "不予公开", "（四）": "无法提供",
                   "（五）": "不予处理", "（六）": "其他处理"}

DOCUMENT_SALT = "gongkai.applications.track-document"
DOCUMENT_LINK_SECONDS = 3600  # a download link from the tracking page works for an hour


def outcome_label(code: str) -> str:
    """The outcome in words an applicant reads: the group of the official table, then the row."""
    if not code:
        return ""
    label = Outcome(code).label
    group, rest = label[:3], label[3:].strip()
    heading = _OUTCOME_GROUPS.get(group, "")
    if rest.startswith(("1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.")):
        return f"{heading}：{rest.split('.', 1)[1].strip()}"
    return rest or heading


@dataclass
class Step:
    kind: str
    label: str
    on: dt.date
    note: str


@dataclass
class PublicDocument:
    name: str
    size: int
    content_type: str
    url: str


@dataclass
class PublicCase:
    number: str
    org_name: str
    applicant: str  # masked
    status: str
    status_label: str
    received_on: dt.date
    due_on: dt.date | None
    due_note: str  # why there is no due date now, or what it is
    outcome: str
    outcome_label: str
    closed_on: dt.date | None
    subject: str
    steps: list[Step] = field(default_factory=list)
    documents: list[PublicDocument] = field(default_factory=list)


def _d(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def clause(text: str) -> str:
    """TEXT without its closing punctuation, to be followed by "。" or more: staff's notes often end
    with a full stop already, and "…及文号。。请于…" must not happen."""
    return (text or "").strip().rstrip("。.；;，,！!？? ")


def step_note(event: Event) -> str:
    """The sentence shown beside a public step; built from the event's own data."""
    data = event.data or {}
    if event.kind == E.CORRECTION_REQUESTED:
        return f"需要补正的内容：{clause(event.note)}。请于{_d(data.get('term_on'))}前提交补正材料，答复期限自收到补正之日起重新计算。"
    if event.kind == E.CONSULTATION_STARTED:
        return "依照《政府信息公开条例》第三十二条或第三十四条征求意见，征求意见期间不计算在答复期限内。"
    if event.kind == E.EXTENDED:
        return f"延期理由：{clause(event.note)}。延长后的答复期限为{_d(data.get('extended_due_on'))}。"
    if event.kind == E.FEE_NOTICE:
        return f"{clause(event.note)}。请于{_d(data.get('pay_by'))}前缴纳，缴费前答复期限暂停计算。"
    if event.kind == E.FEE_PAID:
        return f"已缴纳信息处理费 {data.get('fee_yuan', 0)} 元。"
    if event.kind in (E.REPLIED, E.CLOSED):
        result = outcome_label(data.get("outcome", ""))
        return f"{clause(event.note)}。办理结果：{result}。" if result else event.note
    return event.note


def _due(app: Application) -> tuple[dt.date | None, str]:
    if app.status == S.CLOSED:
        return None, ""
    if app.status == S.AWAITING_CORRECTION:
        return None, "补正后重新计算"
    if app.effective_due_on is None:
        paused = "征求意见期间暂停计算" if app.status == S.CONSULTING else "缴费前暂停计算"
        return None, paused
    return app.effective_due_on, "已延长" if app.extended else ""


def document_token(doc: Document) -> str:
    return signing.dumps({"a": doc.application_id, "d": doc.pk}, salt=DOCUMENT_SALT, compress=True)


def document_from_token(token: str) -> Document | None:
    """The public document a tracking-page link names, while the link is fresh; else None."""
    try:
        value = signing.loads(token, salt=DOCUMENT_SALT, max_age=DOCUMENT_LINK_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(value, dict):
        return None
    return Document.objects.filter(pk=value.get("d"), application_id=value.get("a"), public=True).first()


def public_case(app: Application) -> PublicCase:
    due_on, due_note = _due(app)
    return PublicCase(
        number=app.number, org_name=app.org.name, applicant=mask_name(app.applicant_name),
        status=app.status, status_label=app.get_status_display(), received_on=app.received_on,
        due_on=due_on, due_note=due_note, outcome=app.outcome, outcome_label=outcome_label(app.outcome),
        closed_on=app.closed_on, subject=app.subject,
        steps=[Step(e.kind, e.get_kind_display(), e.on, step_note(e)) for e in public_events(app)],
        documents=[PublicDocument(d.name, d.size, d.content_type,
                                  reverse("applications_public:document", args=[document_token(d)]))
                   for d in public_documents(app)],
    )
