"""`gongkai remind`: e-mails the handler (or, with none, the agency's 信息员) and the agency's 公开主管
about each open application due within GONGKAI_DUE_SOON_WORKING_DAYS working days or overdue — and,
through gongkai.interaction.reminders, about each open message of the public due soon or overdue.

Meant for cron (e.g. every morning), or Celery beat; one server of many runs it (tasks/periodic.py).
Each case is reminded at most once a day per level: the Reminder row (unique per application, day and
level) is the claim. Claim, mail (into the outbox, sent by a worker after commit: tasks/jobs.py),
record and history entry happen in one transaction per case, so a second run at the same moment waits
on the first one's row and then skips it.
"""
from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.cli import GongkaiCommand

from gongkai.applications import services
from gongkai.applications.models import Application, Event, Reminder
from gongkai.core.claims import claim
from gongkai.tasks.services import mail_queue
from gongkai.orgs.models import Membership, Role
from gongkai.workdays import rules
from gongkai.workdays.selectors import current_calendar


class Command(GongkaiCommand):
    help = "提醒即将到期和已超期的政府信息公开申请和网民留言（可由 cron 定期运行，多个进程同时运行也不会重复提醒）"

    def handle(self, *args, **options):
        from gongkai.interaction.reminders import message_reminders_send

        # One count of every reminder sent: the applications' and the messages' (interaction.reminders).
        self.stdout.write(json.dumps({"reminded": reminders_send() + message_reminders_send()}, ensure_ascii=False))


def reminders_send(today=None) -> int:
    """Reminds every case due soon or overdue on TODAY (default: Beijing today); returns how many."""
    today = today or timezone.localdate()
    calendar = current_calendar()
    # Due within N working days ⇔ due no later than the N-th working day after today (due dates are
    # working days); overdue ⇔ due before today.
    last_soon = rules.add_working_days(today, settings.GONGKAI_DUE_SOON_WORKING_DAYS, calendar)
    due = (Application.objects.filter(status__in=Application.OPEN_STATUSES, effective_due_on__lte=last_soon)
           .select_related("org", "handler").order_by("effective_due_on", "pk"))
    sent = 0
    for app in due:
        level = Reminder.Level.OVERDUE if app.effective_due_on < today else Reminder.Level.DUE_SOON
        days_left = rules.working_days_left(today, app.effective_due_on, calendar)
        sent += reminder_send(app, today=today, level=level, days_left=days_left)
    return sent


@transaction.atomic
def reminder_send(app: Application, *, today, level: str, days_left: int) -> bool:
    """Claims today's reminder of this level for APP, mails it and records it; False if taken."""
    reminder = claim(Reminder, application=app, on=today, level=level)
    if reminder is None:
        return False
    recipients = reminder_recipients(app)
    subject, body = _message(app, level, days_left)
    # Into the outbox with the claim; a worker sends it once this commits (decision 0054), so a slow
    # mail server holds neither this run nor the row, and a retried send never mails twice.
    mail_queue(subject=subject, body=body, recipients=recipients)
    reminder.recipients, reminder.sent_at = recipients, timezone.now()
    reminder.save(update_fields=["recipients", "sent_at"])
    # The case's history (not shown to the applicant), with its audit entry, as every other step.
    services.event_record(app, Event.Kind.REMINDER, on=today, note=subject, level=Reminder.Level(level).label,
                    recipients=recipients)
    return True


def reminder_recipients(app: Application) -> list[str]:
    """The handler, or with none the agency's 信息员; and the agency's 公开主管 — those with an e-mail."""
    if app.handler_id and app.handler.email:
        people = [app.handler.email]
    else:
        people = list(Membership.objects.filter(org=app.org, role=Role.CLERK).values_list("user__email", flat=True))
    people += Membership.objects.filter(org=app.org, role=Role.SUPERVISOR).values_list("user__email", flat=True)
    return sorted({e for e in people if e})


def _message(app: Application, level: str, days_left: int) -> tuple[str, str]:
    # No personal data in mail: the number and the subject are enough to find the case.
    if level == Reminder.Level.OVERDUE:
        state = f"已超过答复期限 {-days_left} 个工作日"
    else:
        state = f"距答复期限还有 {days_left} 个工作日" if days_left else "今天是答复期限的最后一天"
    subject = f"【依申请公开】申请 {app.number} {state}"
    body = (f"{app.org.name}：\n\n政府信息公开申请 {app.number}{state}。\n"
            f"收到申请：{app.received_on:%Y-%m-%d}\n当前答复期限：{app.effective_due_on:%Y-%m-%d}\n"
            f"状态：{app.get_status_display()}\n所需信息：{app.subject[:100]}\n\n"
            f"请在工作台办理：{reverse('applications_staff:case', args=[app.pk])}\n"
            "（本邮件由公开平台自动发送。）\n")
    return subject, body
