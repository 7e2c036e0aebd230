"""The guard as a gate for texts published outside the catalogue (reply letters, message replies,
consultation texts, suggestion results): a `block` finding stops the step unless the person
taking it writes why the text may go out as it is; that override is audited.

The catalogue has its own, richer path (catalog/guard.py: redaction, overrides per finding)."""
from __future__ import annotations

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput

from .detector import BLOCK, Finding, scan
from .selectors import sensitive_words

MIN_REASON = 4


def text_publish_check(*, org, texts: dict[str, str], by=None, obj=None, action: str, reason: str = "") -> list[Finding]:
    """Scans TEXTS (label → text). Block findings without a REASON raise InvalidInput naming them;
    with one, the override is written to the audit log (kinds and count, not the numbers). Returns
    every finding, for the caller to show."""
    words = sensitive_words(org)
    found = [(label, f) for label, text in texts.items() for f in scan(text or "", words=words)]
    blocking = [(label, f) for label, f in found if f.severity == BLOCK]
    if blocking:
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON:
            listed = "；".join(f"{label}中的{f.label}“{f.text}”" for label, f in blocking[:5])
            raise InvalidInput(f"保密审查发现不得公开的内容：{listed}。请修改后再办理；确需保留的，请写明理由（至少{MIN_REASON}个字）")
        audit_record(f"{action}.guard_override", by=by, org=org, obj=obj,
                     data={"reason": reason, "count": len(blocking), "kinds": sorted({f.kind for _, f in blocking})})
    return [f for _, f in found]
