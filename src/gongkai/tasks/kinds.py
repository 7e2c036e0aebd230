"""What each kind of Job runs: a function `(job, *, progress) -> dict` that returns the job's result
(with "file": a storage name, for an export). A plain table, so every kind of background work is
listed in one place. Each function must be idempotent: a retried job runs it again from the start."""
from __future__ import annotations

JOB_KINDS: dict[str, str] = {
    # After a holiday or a 调休 working day is entered: the due dates of every open case it touches.
    "calendar.recompute": "gongkai.workdays.services.calendar_recompute_run",
    # The annual report of an agency and every agency under it, as DOCX or XLSX (a province: hundreds).
    "report.export": "gongkai.reports.jobs.report_export_run",
    # The text of an attachment too large to read inside the upload request (GONGKAI_EXTRACT_INLINE_BYTES).
    "attachment.text": "gongkai.catalog.jobs.attachment_text_run",
    # The workbench's "立即自查": every rule over a year of the agency's registers.
    "inspection.run": "gongkai.inspection.services.inspection_run_job",
}

# Small after-commit calls with no one waiting on a page: `tasks.services.call_later(NAME, *args)` sends
# them to a worker; each function must be idempotent (claim first) and raise to be retried.
CALLS: dict[str, str] = {
    # The approved reply, e-mailed to the writer of a public message (rendered when sent: the writer's
    # name and address stay in the message's own, protected, row — never copied into an outbox).
    "message.reply_mail": "gongkai.interaction.services.reply_mail_send",
}
