"""Reminders of messages for `gongkai remind` (beside the applications'): each open message due within
GONGKAI_MESSAGE_DUE_SOON_WORKING_DAYS working days (default 1: the day before and the last day of a
5-day term) or overdue, to whoever holds its next step and the agency's 公开主管.

Safe to run twice at once, as the applications' reminders: the Reminder row (unique per message, day
and level) is the claim; claim, mail and audit entry are one transaction per message.
"""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.claims import claim
from gongkai.orgs.models import Membership, Role
from gongkai.tasks.services import mail_queue
from gongkai.workdays import rules
from gongkai.workdays.selectors import current_calendar

from .models import Message, Reminder

S = Message.Status


def message_reminders_send(today=None) -> int:
    """Reminds every open message due soon or overdue on TODAY (default: Beijing today); how many."""
    today = today or timezone.localdate()
    calendar = current_calendar()
    last_soon = rules.add_working_days(today, settings.GONGKAI_MESSAGE_DUE_SOON_WORKING_DAYS, calendar)
    due = (Message.objects.filter(status__in=Message.OPEN_STATUSES, due_on__lte=last_soon)
           .select_related("org", "department").order_by("due_on", "pk"))
    sent = 0
    for msg in due:
        level = Reminder.Level.OVERDUE if msg.due_on < today else Reminder.Level.DUE_SOON
        sent += message_reminder_send(msg, today=today, level=level,
                                      days_left=rules.working_days_left(today, msg.due_on, calendar))
    return sent


@transaction.atomic
def message_reminder_send(msg: Message, *, today, level: str, days_left: int) -> bool:
    reminder = claim(Reminder, message=msg, on=today, level=level)
    if reminder is None:
        return False
    recipients = reminder_recipients(msg)
    state = (f"已超过答复期限 {-days_left} 个工作日" if level == Reminder.Level.OVERDUE
             else (f"距答复期限还有 {days_left} 个工作日" if days_left else "今天是答复期限的最后一天"))
    subject = f"【网民留言】{msg.number} {state}"
    # No personal data in mail: the number and the subject are enough to find the message.
    body = (f"{msg.org.name}：\n\n网民留言 {msg.number}“{msg.subject[:60]}”{state}。\n"
            f"收到日期：{msg.received_on:%Y-%m-%d}\n答复期限：{msg.due_on:%Y-%m-%d}\n状态：{msg.get_status_display()}\n\n"
            f"请在工作台办理：{reverse('interaction_staff:message', args=[msg.pk])}\n（本邮件由公开平台自动发送。）\n")
    mail_queue(subject=subject, body=body, recipients=recipients)  # sent by a worker after commit (0054)
    reminder.recipients, reminder.sent_at = recipients, timezone.now()
    reminder.save(update_fields=["recipients", "sent_at"])
    audit_record("message.reminder", org=msg.org, obj=msg, data={"level": level, "recipients": recipients})
    return True


def reminder_recipients(msg: Message) -> list[str]:
    """Who holds the next step — 分办: the agency's 信息员; 拟稿: the department's 信息员; 审核: its
    处室负责人 — and the agency's 公开主管, those with an e-mail address."""
    in_dept = Q(department__isnull=True) | Q(department_id=msg.department_id)
    if msg.status == S.IN_REVIEW:
        step = Q(role=Role.DEPT_HEAD) & in_dept
    elif msg.department_id:
        step = Q(role=Role.CLERK) & in_dept
    else:
        step = Q(role=Role.CLERK)
    people = Membership.objects.filter(Q(org=msg.org) & (step | Q(role=Role.SUPERVISOR))).values_list("user__email", flat=True)
    return sorted({e for e in people if e})
