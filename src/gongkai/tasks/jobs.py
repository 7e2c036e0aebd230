"""The Celery tasks (decision 0054). Each is idempotent, because a broker delivers at least once (a
worker that dies mid-task leaves it to another, acks_late) and a failure is retried:

- `job_run` claims its Job with a conditional UPDATE (queued → running); a Job already done, or
  running in another worker, is left alone. The kind's function runs from the start on a retry, so it
  must give the same result run twice (tasks/kinds.py).
- `mail_send` claims its Mail queued → sending before it talks to the mail server and marks it sent
  after; a second delivery of the task finds it taken and sends nothing. A refused mail goes back to
  queued and is retried; a worker that dies between the server's "accepted" and "sent" leaves it in
  "sending", never sent twice (at most once: a reminder twice is worse than a reminder late, and the
  row shows it for a person to check).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from celery.signals import worker_ready
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.core.errors import GongkaiError

from .kinds import CALLS, JOB_KINDS
from .models import Job, Mail
from .queue import app

log = logging.getLogger(__name__)
JOB_TRIES = 3


class Progress:
    """`progress(done, total)`: writes the job's counts for the progress page (one UPDATE)."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def __call__(self, done: int, total: int | None = None) -> None:
        values = {"done": done} if total is None else {"done": done, "total": total}
        Job.objects.filter(pk=self.job_id).update(**values)


def _claim(job_id: int) -> Job | None:
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.GONGKAI_JOB_STALE_SECONDS)
    claimed = (Job.objects.filter(pk=job_id)
               .filter(Q(state=Job.State.QUEUED) | Q(state=Job.State.RUNNING, started_at__lt=stale))
               .update(state=Job.State.RUNNING, started_at=now, attempts=F("attempts") + 1, error="",
                       ran_by=f"{socket.gethostname()}:{os.getpid()}"[:120]))
    return Job.objects.get(pk=job_id) if claimed else None


@app.task(name="gongkai.job_run", bind=True, max_retries=JOB_TRIES - 1, default_retry_delay=10)
def job_run(self, job_id: int) -> str:
    job = _claim(job_id)
    if job is None:
        return "skipped"
    try:
        result = import_string(JOB_KINDS[job.kind])(job, progress=Progress(job.pk)) or {}
    except GongkaiError as e:  # the work cannot be done as asked: retrying would not help
        _finish(job, state=Job.State.FAILED, error=e.message)
        return "failed"
    except Exception as e:  # noqa: BLE001 - recorded on the job, retried, then shown to the person waiting
        log.exception("job %s (%s) failed", job.pk, job.kind)
        if self.request.retries < self.max_retries:
            Job.objects.filter(pk=job.pk).update(
                state=Job.State.QUEUED, error=f"第 {self.request.retries + 1} 次执行出错（{type(e).__name__}），稍后自动重试")
            raise self.retry(exc=e)
        _finish(job, state=Job.State.FAILED,
                error=f"后台任务执行失败（{type(e).__name__}），已重试 {JOB_TRIES} 次；请联系系统管理员查看日志")
        return "failed"
    _finish(job, state=Job.State.DONE, result=result)
    return "done"


def _finish(job: Job, *, state: str, result: dict | None = None, error: str = "") -> None:
    values = {"state": state, "finished_at": timezone.now(), "error": error}
    if result is not None:
        values["result"] = {k: v for k, v in result.items() if k != "file"}
        values["result_file"] = result.get("file", "")
    if state == Job.State.DONE:
        values["done"] = Coalesce("total", "done")
    Job.objects.filter(pk=job.pk).update(**values)


@app.task(name="gongkai.mail_send", bind=True, max_retries=None)
def mail_send(self, mail_id: int) -> bool:
    if not Mail.objects.filter(pk=mail_id, state=Mail.State.QUEUED).update(
            state=Mail.State.SENDING, attempts=F("attempts") + 1):
        return False  # sent already, or another worker is sending it
    mail = Mail.objects.get(pk=mail_id)
    try:
        send_mail(mail.subject, mail.body, mail.from_email or settings.DEFAULT_FROM_EMAIL, mail.recipients)
    except Exception as e:  # noqa: BLE001 - the mail server refused or is down: try again later
        again = mail.attempts < settings.GONGKAI_MAIL_TRIES
        log.warning("mail %s not sent (try %s): %s", mail_id, mail.attempts, e)
        Mail.objects.filter(pk=mail_id, state=Mail.State.SENDING).update(
            state=Mail.State.QUEUED if again else Mail.State.FAILED, error=f"{type(e).__name__}: {e}"[:500])
        if again:
            raise self.retry(exc=e, countdown=settings.GONGKAI_MAIL_RETRY_SECONDS)
        return False
    Mail.objects.filter(pk=mail_id).update(state=Mail.State.SENT, sent_at=timezone.now(), error="")
    return True


@app.task(name="gongkai.call", bind=True, max_retries=None)
def call(self, name: str, args: list) -> None:
    """One of kinds.CALLS; idempotent by its own claim, retried GONGKAI_MAIL_TRIES times if it raises."""
    try:
        import_string(CALLS[name])(*args)
    except Exception as e:  # noqa: BLE001 - logged, retried, then left to the log
        log.warning("%s%r failed (try %s): %s", name, args, self.request.retries + 1, e)
        if self.request.retries + 1 < settings.GONGKAI_MAIL_TRIES:
            raise self.retry(exc=e, countdown=settings.GONGKAI_MAIL_RETRY_SECONDS)
        log.exception("%s%r given up", name, args)


@app.task(name="gongkai.periodic")
def periodic(*argv: str) -> None:
    """A periodic command on Celery beat's schedule; the command's own claim (tasks/periodic.py) makes
    it run once however many beats or workers there are."""
    from django.core.management import call_command

    call_command(*argv)


@app.task(name="gongkai.resend_stale")
def resend_stale(older_than_seconds: int = 120) -> dict:
    """Sends again what was committed while the broker was unreachable (still queued after a while)."""
    before = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    jobs = list(Job.objects.filter(state=Job.State.QUEUED, created_at__lt=before, attempts=0).values_list("pk", flat=True))
    mails = list(Mail.objects.filter(state=Mail.State.QUEUED, created_at__lt=before, attempts=0).values_list("pk", flat=True))
    for pk in jobs:
        job_run.delay(pk)
    for pk in mails:
        mail_send.delay(pk)
    return {"jobs": len(jobs), "mails": len(mails)}


@worker_ready.connect
def _resend_on_start(**kwargs) -> None:
    # What was committed while no worker or no broker was there is sent once a worker is up.
    resend_stale.delay(0)
