"""保密审查 in the review chain: what the guard finds in a revision as it would be published, what
stops publication, and the published copy with the redactions applied.

A revision is looked at *as published*: its title, summary, body and attachments' text with the
reviewer's redactions and the organisation's redaction rules applied. A `block` finding left in
that copy stops 保密审查通过, scheduling and publication, unless the 公开主管 overrode exactly that
finding (kind and text) with a written reason (`services.revision_guard_override`, audited).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from gongkai.core.errors import InvalidInput
from gongkai.textguard import extract
from gongkai.textguard.detector import BLOCK, Finding, scan
from gongkai.textguard.redaction import (
    Redaction, RedactionFailed, redact_html, redact_pdf, redact_text, redactions_from, rule_matches,
)
from gongkai.textguard.selectors import redaction_rules, sensitive_words

from .models import Attachment, Item, Revision
from .sanitize import html_to_text

MANUAL_REVIEW = "manual_review"


@dataclass
class Source:
    """One text of a revision as it would be published, with what the guard found in it."""

    key: str
    label: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    note: str = ""                    # why a person must look at it (a scan, an image)
    problem: str = ""                 # why it cannot be published as it is
    attachment: Attachment | None = None


@dataclass
class Review:
    sources: list[Source]
    redactions: list[Redaction]
    overridden: set[str]

    def blocking(self) -> list[tuple[Source, Finding]]:
        return [(s, f) for s in self.sources for f in s.findings
                if f.severity == BLOCK and fingerprint(f) not in self.overridden]

    def overridable(self) -> list[str]:
        return sorted({fingerprint(f) for _, f in self.blocking()})

    def problems(self) -> list[str]:
        return [s.problem for s in self.sources if s.problem]

    def count(self) -> int:
        return sum(len(s.findings) for s in self.sources)


def fingerprint(f: Finding) -> str:
    return f"{f.kind}:{f.text}"


def attachment_text_ensure(attachment: Attachment) -> Attachment:
    """Extracts an attachment's text if it was uploaded before extraction existed."""
    if not attachment.text_status:
        with attachment.file.open("rb") as fh:
            got = extract.extract_text(fh.read(), attachment.content_type)
        attachment.text, attachment.text_status, attachment.text_note = got.text, got.status, got.note
        Attachment.objects.filter(pk=attachment.pk).update(text=got.text, text_status=got.status, text_note=got.note)
    return attachment


def _texts(revision: Revision, attachments: list[Attachment]) -> list[tuple[str, str, str, Attachment | None]]:
    parts = [("title", "信息名称", revision.title, None), ("summary", "内容概述", revision.summary, None),
             ("body", "正文", revision.body_text, None), ("keywords", "关键词", revision.keywords, None)]
    parts += [(f"attachment:{a.pk}", f"附件“{a.name}”", a.text, a) for a in attachments]
    return [p for p in parts if p[2] or p[3] is not None]


def revision_redactions(revision: Revision, attachments: list[Attachment], org, rules=None) -> list[Redaction]:
    """The reviewer's redactions and the matches of the organisation's rules in this revision
    (RULES: the organisation's, when the caller read them once for many revisions: an import)."""
    found = redactions_from(revision.redactions)
    rules = redaction_rules(org) if rules is None else rules
    if rules:
        originals = [revision.title, revision.summary, revision.body_text, revision.keywords, *(a.text for a in attachments)]
        for rule in rules:
            for text in originals:
                found.extend(Redaction(m, rule.mode) for m in rule_matches(text, rule.pattern, rule.is_regex))
    return found


def revision_review(revision: Revision) -> Review:
    """What the guard finds in REVISION as it would be published (one scan per text)."""
    org = revision.item.org
    attachments = [attachment_text_ensure(a) for a in revision.attachments.all()]
    redactions = revision_redactions(revision, attachments, org)
    words = sensitive_words(org)
    sources = []
    for key, label, text, attachment in _texts(revision, attachments):
        public = redact_text(text, redactions)
        source = Source(key, label, public, scan(public, words=words), attachment=attachment)
        if attachment is not None:
            source.note = attachment.text_note
            source.problem = _unredactable(attachment, text, redactions)
        sources.append(source)
    overridden = {fp for o in revision.guard_overrides for fp in o.get("findings", [])}
    return Review(sources, redactions, overridden)


def _unredactable(attachment: Attachment, text: str, redactions: list[Redaction]) -> str:
    if attachment.content_type == extract.PDF or not any(r.text in text for r in redactions):
        return ""
    return (f"附件“{attachment.name}”中含有需删除的内容，系统只能对 PDF 附件做遮盖处理："
            "请将其转换为 PDF 后重新上传，或修改原件后重新上传")


def check_publishable(revision: Revision) -> None:
    """Raises InvalidInput naming what stops publication; returns quietly when nothing does."""
    review = revision_review(revision)
    blocking = review.blocking()
    if blocking:
        listed = "；".join(f"{s.label}中的{f.label}“{f.text}”" for s, f in blocking[:5])
        more = f"等{len(blocking)}处" if len(blocking) > 5 else ""
        raise InvalidInput(f"保密审查发现不得公开的内容：{listed}{more}。请删除（遮盖）后再办理，或由公开主管写明理由放行")
    problems = review.problems()
    if problems:
        raise InvalidInput("；".join(problems))


def public_copy_apply(revision: Revision, item: Item) -> None:
    """Writes onto ITEM (what the public sees) the revision's content with the redactions applied,
    and gives each attachment its published text and, for a redacted PDF, its published file."""
    attachments = [attachment_text_ensure(a) for a in revision.attachments.all()]
    redactions = revision_redactions(revision, attachments, item.org)
    public_copy_redact(item, redactions)
    for attachment in attachments:
        _attachment_publish(attachment, redactions)


def public_copy_redact(item: Item, redactions: list[Redaction]) -> None:
    """The redactions applied to the text fields of ITEM (what the public sees)."""
    if redactions:
        item.title = redact_text(item.title, redactions)
        item.summary = redact_text(item.summary, redactions)
        item.keywords = redact_text(item.keywords, redactions)
        item.document_number = redact_text(item.document_number, redactions)
        item.body = redact_html(item.body, redactions)
        item.body_text = html_to_text(item.body)


def _attachment_publish(attachment: Attachment, redactions: list[Redaction]) -> None:
    present = [r for r in redactions if r.text in attachment.text]
    attachment.public_text = redact_text(attachment.text, present)
    public_file = ""
    if present:
        if problem := _unredactable(attachment, attachment.text, present):
            raise InvalidInput(problem)
        with attachment.file.open("rb") as fh:
            original = fh.read()
        try:
            redacted = redact_pdf(original, present, attachment.text.split(extract.PAGE_BREAK))
        except RedactionFailed as e:
            raise InvalidInput(f"附件“{attachment.name}”：{e}") from None
        if redacted is not None:
            name = hashlib.sha256(redacted).hexdigest() + ".pdf"
            attachment.public_file.save(name, ContentFile(redacted), save=False)
            public_file = attachment.public_file.name
    attachment.public_file = public_file
    Attachment.objects.filter(pk=attachment.pk).update(public_text=attachment.public_text, public_file=public_file)
