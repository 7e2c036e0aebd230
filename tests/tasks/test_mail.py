"""The outbox: a mail is written with the change that causes it and sent once after commit — not at
all if the change rolls back, once however often its task is delivered or retried."""
from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase

from gongkai.tasks import jobs
from gongkai.tasks.models import Mail
from gongkai.tasks.services import mail_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def queue(**kwargs) -> Mail:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return mail_queue(subject="【依申请公开】申请 2026-001 即将到期", body="请办理。",
                          recipients=["clerk@kjt.example.gov.cn", "", "clerk@kjt.example.gov.cn"], **kwargs)


def test_it_is_sent_once_after_commit_however_often_the_task_is_delivered():
    sent = queue()
    assert [m.to for m in mail.outbox] == [["clerk@kjt.example.gov.cn"]]
    assert jobs.mail_send.apply(args=[sent.pk]).get() is False  # the broker delivered it again
    sent.refresh_from_db()
    assert (sent.state, sent.attempts, len(mail.outbox)) == ("sent", 1, 1)


def test_a_rolled_back_change_mails_nobody():
    with TestCase.captureOnCommitCallbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                mail_queue(subject="s", body="b", recipients=["a@example.gov.cn"])
                raise RuntimeError
    assert not mail.outbox and not Mail.objects.exists()


def test_a_refused_mail_is_retried_and_then_sent_once(monkeypatch):
    real, calls = jobs.send_mail, []

    def refuses_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionRefusedError("421 try again later")
        return real(*args, **kwargs)
    monkeypatch.setattr(jobs, "send_mail", refuses_once)
    sent = queue()
    sent.refresh_from_db()
    assert (sent.state, sent.attempts, len(calls), len(mail.outbox)) == ("sent", 2, 2, 1)


def test_nobody_to_send_to_writes_nothing():
    assert mail_queue(subject="s", body="b", recipients=["", ""]) is None
    assert not Mail.objects.exists()
