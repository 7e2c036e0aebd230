"""`gongkai remind` covers messages: each open message due within 1 working day (a setting) or
overdue is reminded once a day to whoever holds its next step and the 公开主管; twice at once is safe."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from gongkai.interaction import services
from gongkai.interaction.models import Message, Reminder

from .conftest import submit

pytestmark = pytest.mark.django_db
D = dt.date


def remind() -> dict:
    """`gongkai remind`, then what the worker does once it commits (inline mode): the outbox is sent."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def staff_with_mail(clerk, dept_head, supervisor):
    for user in (clerk, dept_head, supervisor):
        user.email = f"{user.username}@kjt.example.gov.cn"
        user.save(update_fields=["email"])


def _dated(msg, received, due):
    Message.objects.filter(pk=msg.pk).update(received_on=received, due_on=due)


def test_it_reminds_due_and_overdue_messages_once_a_day_to_whoever_holds_the_next_step(
        org, dept, clerk, dept_head, supervisor, staff_with_mail, settings, monkeypatch):
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 10, 23))  # a Friday
    overdue, today, monday, later = (submit(org, subject=s) for s in ("超期", "今日到期", "下周一到期", "以后到期"))
    _dated(overdue, D(2026, 10, 12), D(2026, 10, 19))
    _dated(today, D(2026, 10, 16), D(2026, 10, 23))
    _dated(monday, D(2026, 10, 19), D(2026, 10, 26))  # the next working day: within 1
    _dated(later, D(2026, 10, 20), D(2026, 10, 27))
    services.message_assign(message_id=today.pk, by=supervisor, department=dept)
    services.message_draft(message_id=today.pk, by=clerk, reply="答复")
    assert remind() == {"reminded": 3}
    assert remind() == {"reminded": 0}  # the second run of the day finds them claimed
    levels = dict(Reminder.objects.values_list("message__subject", "level"))
    assert levels == {"超期": "overdue", "今日到期": "due_soon", "下周一到期": "due_soon"}
    review = next(m for m in mail.outbox if today.number in m.subject)
    assert sorted(review.to) == ["head@kjt.example.gov.cn", "supervisor@kjt.example.gov.cn"]  # 审核 is the head's
    unassigned = next(m for m in mail.outbox if overdue.number in m.subject)
    assert sorted(unassigned.to) == ["clerk@kjt.example.gov.cn", "supervisor@kjt.example.gov.cn"]  # 分办
    assert "王小明" not in unassigned.body and "13800138000" not in unassigned.body
