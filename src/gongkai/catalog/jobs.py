"""The text of a large attachment, read by a worker after the upload commits (decision 0054)."""
from __future__ import annotations

from .guard import attachment_text_ensure
from .models import Attachment


def attachment_text_run(job, *, progress) -> dict:
    """Idempotent: an attachment whose text was read already (by an earlier try, or by the guard at a
    review step that came first) is left as it is; one removed since is nothing to do."""
    attachment = Attachment.objects.filter(pk=job.params["attachment"]).first()
    if attachment is None:
        return {"status": "removed"}
    attachment = attachment_text_ensure(attachment)
    return {"status": attachment.text_status, "chars": len(attachment.text), "note": attachment.text_note}
