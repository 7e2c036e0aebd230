"""Starting background work (decision 0054). Called inside the transaction of the change that needs
it: the Job or Mail row is written with the change, and the task is sent on commit — a request that
rolls back sends nothing."""
from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from .kinds import CALLS, JOB_KINDS
from .models import Job, Mail

log = logging.getLogger(__name__)


def job_start(*, kind: str, title: str, params: dict, by=None, org=None, here: bool = False) -> Job:
    """A Job of KIND, run by a worker once this transaction commits. HERE: run now, in this process and
    inside this transaction (a command whose output must give the result: it all commits or rolls back
    together, as before the queue existed)."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, title=title, params=params, org=org,
                             created_by=by if getattr(by, "pk", None) else None)
    if here:
        _send("job", job.pk, here=True)
    else:
        transaction.on_commit(lambda: _send("job", job.pk))
    return job


def mail_queue(*, subject: str, body: str, recipients: list[str], from_email: str = "") -> Mail | None:
    """An e-mail to RECIPIENTS, sent by a worker once this transaction commits; None if nobody to send to."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    mail = Mail.objects.create(subject=subject[:300], body=body, recipients=recipients,
                               from_email=from_email or settings.DEFAULT_FROM_EMAIL)
    transaction.on_commit(lambda: _send("mail", mail.pk))
    return mail


def call_later(name: str, *args) -> None:
    """Calls CALLS[NAME](*ARGS) in a worker once this transaction commits (retried if it raises)."""
    if name not in CALLS:
        raise ValueError(f"unknown call {name!r}")

    def send():
        from . import jobs

        try:
            jobs.call.delay(name, list(args))
        except Exception:  # noqa: BLE001 - the change is committed; the call is lost, and logged
            log.exception("could not send %s%r to the task queue", name, args)
    transaction.on_commit(send)


def _send(what: str, pk: int, *, here: bool = False) -> None:
    from . import jobs

    task = jobs.job_run if what == "job" else jobs.mail_send
    if here:
        task.apply(args=[pk])
        return
    try:
        task.delay(pk)
    except Exception:  # noqa: BLE001 - the change is committed; the row stays queued for resend_stale
        log.exception("could not send %s %s to the task queue; it stays queued", what, pk)
        if what == "job":
            Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(
                error="任务队列暂时不可用，任务已记录，队列恢复后将自动执行")
