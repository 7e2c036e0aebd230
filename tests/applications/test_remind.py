"""`gongkai remind`: each open case due within 5 working days or overdue is reminded once a day, by
e-mail to the handler (or the agency's 信息员) and the 公开主管, and the reminder is recorded — even
when two runs start at once. Today is fixed at 2026-10-23 (Friday); dates counted on the 2026 schedule."""
import datetime as dt
import io
import json
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.db import connection, connections
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, Event, Reminder

from .conftest import person

D = dt.date.fromisoformat
TODAY = D("2026-10-23")


@pytest.fixture(autouse=True)
def today(monkeypatch, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def staff_with_mail(clerk, supervisor):
    for user, address in ((clerk, "clerk@kjt.example.gov.cn"), (supervisor, "zhuguan@kjt.example.gov.cn")):
        user.email = address
        user.save(update_fields=["email"])


@pytest.fixture
def three_cases(org, clerk):
    def reg(received, id_number, subject):
        return services.application_register(org=org, by=clerk, channel="letter", received_on=D(received),
                                             data=person(id_number=id_number, subject=subject))
    return {
        "overdue": reg("2026-09-10", "11010519491231002X", "省级重点实验室年度考核结果"),    # due 10-14
        "soon": reg("2026-09-24", "520102198001011235", "2025年度科技计划项目经费使用情况"),  # due 10-29: 4 left
        "later": reg("2026-10-20", "520102198001011251", "科技特派员选派名单"),              # due 11-17: 17 left
    }


def remind() -> dict:
    """`gongkai remind`, then what the worker does once it commits (inline mode): the outbox is sent."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind", stdout=out)
    return json.loads(out.getvalue())


def test_it_reminds_cases_due_soon_and_overdue_once_a_day(three_cases, staff_with_mail):
    assert remind() == {"reminded": 2}
    assert remind() == {"reminded": 0}  # the second run of the day finds both claimed
    assert len(mail.outbox) == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(three_cases["overdue"].number in s and "已超过答复期限 7 个工作日" in s for s in subjects)
    assert any(three_cases["soon"].number in s and "还有 4 个工作日" in s for s in subjects)
    for message in mail.outbox:
        assert sorted(message.to) == ["clerk@kjt.example.gov.cn", "zhuguan@kjt.example.gov.cn"]
        assert "11010519491231002X" not in message.body and "13812345678" not in message.body
    reminders = {r.application_id: r for r in Reminder.objects.all()}
    assert reminders[three_cases["overdue"].pk].level == "overdue"
    assert reminders[three_cases["soon"].pk].level == "due_soon"
    assert all(r.sent_at and r.recipients for r in reminders.values())
    events = Event.objects.filter(kind="reminder")
    assert events.count() == 2 and not events.filter(public=True).exists()


def test_the_handler_is_reminded_instead_of_every_clerk(org, clerk, supervisor, three_cases, staff_with_mail):
    from django.contrib.auth.models import User
    from gongkai.orgs.models import Membership, Role

    handler = User.objects.create_user("handler", email="chengban@kjt.example.gov.cn")
    Membership.objects.create(user=handler, org=org, role=Role.CLERK)
    Application.objects.filter(pk=three_cases["soon"].pk).update(handler=handler)
    remind()
    to = {m.subject.split()[1]: sorted(m.to) for m in mail.outbox}
    assert to[three_cases["soon"].number] == ["chengban@kjt.example.gov.cn", "zhuguan@kjt.example.gov.cn"]
    assert to[three_cases["overdue"].number] == ["chengban@kjt.example.gov.cn", "clerk@kjt.example.gov.cn",
                                                 "zhuguan@kjt.example.gov.cn"]


def test_cases_waiting_for_a_correction_or_closed_are_not_reminded(clerk, supervisor, three_cases, staff_with_mail):
    decision = services.decision_draft(app_id=three_cases["overdue"].pk, by=clerk, outcome="disclosed", reply_text="见附件。")
    services.decision_approve(decision_id=decision.pk, by=supervisor)
    assert remind() == {"reminded": 1}


def test_a_failing_mail_server_holds_nothing_up_and_the_outbox_keeps_the_reason(three_cases, staff_with_mail,
                                                                                monkeypatch):
    from gongkai.tasks import jobs
    from gongkai.tasks.models import Mail

    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")
    monkeypatch.setattr(jobs, "send_mail", down)
    assert remind() == {"reminded": 2}  # claimed and recorded: the run does not wait on the mail server
    assert not mail.outbox and Reminder.objects.count() == 2
    # Tried GONGKAI_MAIL_TRIES times (at once, inline; a worker waits between tries), then left failed.
    assert [(m.state, m.attempts) for m in Mail.objects.all()] == [("failed", 6), ("failed", 6)]
    assert all("mail server down" in m.error for m in Mail.objects.all())
    assert remind() == {"reminded": 0}  # and nobody is reminded twice on one day


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises writers: two runs at once are only meaningful on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # leaves the data migrations' rows for the next tests
def test_two_runs_at_once_send_each_reminder_once(three_cases, staff_with_mail):
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            # One run may find the other holding the command's claim (tasks/periodic.py) and skip.
            results.append(remind().get("reminded", 0))
        except Exception as e:  # reported below, not lost in the thread
            errors.append(e)
        finally:
            connections.close_all()
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) in ([0, 2], [1, 1]) and len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
