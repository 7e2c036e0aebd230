"""The chain of a message — 分办 → 拟稿 → 审核 → 答复 and publication — driven through the services
by the personas: 信息员 (clerk, of the department), 处室负责人 (dept_head), 公开主管 (supervisor),
another agency's staff (outsider)."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.core.errors import FieldErrors, IllegalTransition, InvalidInput, NotAllowed
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Message, MessageSettings
from gongkai.orgs.models import Department, Membership, Role
from gongkai.search.selectors import search_messages

from .conftest import submit

S = Message.Status
pytestmark = pytest.mark.django_db


def test_it_receives_a_message_today_with_a_number_a_code_and_the_reply_term(org):
    msg = submit(org)
    assert msg.status == S.RECEIVED and msg.received_on == timezone.localdate()
    assert msg.number == f"M{msg.received_on.year}-00001" and len(msg.query_code) == 8
    assert msg.due_on > msg.received_on
    assert AuditEntry.objects.filter(action="message.received", object_id=str(msg.pk)).exists()
    assert submit(org).number == f"M{msg.received_on.year}-00002"


def test_it_takes_the_agency_s_own_reply_term(org):
    from gongkai.interaction.rules import reply_due_on
    from gongkai.workdays.selectors import current_calendar

    MessageSettings.objects.create(org=org, reply_term_working_days=10)
    msg = submit(org)
    assert msg.due_on == reply_due_on(msg.received_on, 10, current_calendar())


def test_it_names_every_problem_of_a_bad_message_at_once(org):
    with pytest.raises(FieldErrors) as e:
        submit(org, channel="nope", subject="", body="", writer_name="", email="not-an-address", phone="12")
    assert set(e.value.errors) == {"channel", "subject", "body", "writer_name", "email", "phone"}


def test_the_reply_mail_goes_out_once_however_often_its_task_runs_and_again_after_a_refusal(
        org, dept, clerk, dept_head, supervisor, answer, django_capture_on_commit_callbacks, monkeypatch):
    from gongkai.interaction import services as interaction
    from gongkai.tasks import jobs

    real, tries = interaction.send_mail, []

    def refuses_once(*args, **kwargs):
        tries.append(1)
        if len(tries) == 1:
            raise ConnectionRefusedError("421 try again later")
        return real(*args, **kwargs)
    monkeypatch.setattr(interaction, "send_mail", refuses_once)
    msg = submit(org)
    with django_capture_on_commit_callbacks(execute=True):
        msg = answer(msg)
    assert len(tries) == 2 and len(mail.outbox) == 1  # refused, retried (inline: at once), sent
    jobs.call.apply(args=["message.reply_mail", [msg.pk]])  # the broker delivers the task again
    assert len(tries) == 2 and len(mail.outbox) == 1


def test_it_refuses_a_closed_channel(org):
    from gongkai.interaction.models import Channel

    Channel.objects.create(org=org, code="mailbox", name="厅长信箱", is_open=False)
    with pytest.raises(FieldErrors):
        submit(org, channel="mailbox")
    assert submit(org, channel="message_board").channel == "message_board"


def test_it_answers_through_the_chain_mails_the_writer_and_publishes_without_personal_data(
        org, dept, clerk, dept_head, supervisor, answer, django_capture_on_commit_callbacks):
    msg = submit(org)
    with django_capture_on_commit_callbacks(execute=True):
        msg = answer(msg)
    assert msg.status == S.REPLIED and msg.replied_on == timezone.localdate() and msg.approved_by == dept_head
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.com"] and "3月开始" in mail.outbox[0].body
    assert Message.objects.get(pk=msg.pk).mailed_at is not None
    assert msg.is_published and selectors.is_visible_to_public(msg)
    assert "13800138000" not in msg.public_body and "王小明" not in msg.public_body
    # In search, in the same transaction as publication: by the question and by the reply.
    assert search_messages("申报时间").ids == [msg.pk]
    assert search_messages("通知公告").ids == [msg.pk]
    assert search_messages("王小明").ids == []
    actions = list(AuditEntry.objects.filter(object_id=str(msg.pk), object_type="interaction.message")
                   .values_list("action", flat=True))
    assert actions == ["message.received", "message.assign", "message.draft", "message.approve", "message.published"]


def test_it_never_publishes_a_message_the_writer_kept_private(org, answer, clerk):
    msg = answer(submit(org, is_public=False))
    assert msg.status == S.REPLIED and not msg.is_published and not selectors.is_visible_to_public(msg)
    with pytest.raises(InvalidInput):
        services.message_publish(message_id=msg.pk, by=clerk)
    assert search_messages("申报时间").ids == []


def test_it_takes_a_q_and_a_down_from_the_portal_and_from_search(org, answer, supervisor):
    msg = answer(submit(org))
    with pytest.raises(FieldErrors):
        services.message_unpublish(message_id=msg.pk, by=supervisor, reason="")
    services.message_unpublish(message_id=msg.pk, by=supervisor, reason="含有个人信息")
    assert not selectors.published_messages().filter(pk=msg.pk).exists()
    assert search_messages("申报时间").ids == []
    services.message_publish(message_id=msg.pk, by=supervisor)
    assert search_messages("申报时间").ids == [msg.pk]


def test_it_returns_a_draft_with_a_reason_and_takes_the_new_draft(org, dept, clerk, dept_head, supervisor):
    msg = submit(org)
    services.message_assign(message_id=msg.pk, by=clerk, department=dept)
    services.message_draft(message_id=msg.pk, by=clerk, reply="初稿")
    with pytest.raises(FieldErrors):
        services.message_return(message_id=msg.pk, by=dept_head, comment=" ")
    msg = services.message_return(message_id=msg.pk, by=dept_head, comment="请写明申报系统网址")
    assert msg.status == S.RETURNED and msg.return_reason == "请写明申报系统网址"
    services.message_draft(message_id=msg.pk, by=clerk, reply="二稿")
    msg = services.message_approve(message_id=msg.pk, by=dept_head)
    assert msg.reply == "二稿" and msg.return_reason == ""


def test_it_lets_each_persona_take_only_its_own_steps(org, dept, other_dept, clerk, dept_head, supervisor, outsider):
    msg = submit(org)
    for who in (dept_head, outsider):
        with pytest.raises(NotAllowed):
            services.message_assign(message_id=msg.pk, by=who, department=dept)
    with pytest.raises(IllegalTransition):
        services.message_draft(message_id=msg.pk, by=clerk, reply="未分办不能拟稿")
    services.message_assign(message_id=msg.pk, by=supervisor, department=dept)
    for who in (supervisor, dept_head, outsider):  # only the department's 信息员 drafts
        with pytest.raises(NotAllowed):
            services.message_draft(message_id=msg.pk, by=who, reply="答复")
    services.message_draft(message_id=msg.pk, by=clerk, reply="答复")
    head_elsewhere = User.objects.create_user("head2")
    Membership.objects.create(user=head_elsewhere, org=org, department=other_dept, role=Role.DEPT_HEAD)
    for who in (clerk, supervisor, outsider, head_elsewhere):  # only the department's 处室负责人 approves
        with pytest.raises(NotAllowed):
            services.message_approve(message_id=msg.pk, by=who)
    services.message_approve(message_id=msg.pk, by=dept_head)


def test_it_refuses_to_let_the_drafter_approve_their_own_reply(org, dept, supervisor, settings):
    both = User.objects.create_user("both")
    for role in (Role.CLERK, Role.DEPT_HEAD):
        Membership.objects.create(user=both, org=org, department=dept, role=role)
    msg = submit(org)
    services.message_assign(message_id=msg.pk, by=supervisor, department=dept)
    services.message_draft(message_id=msg.pk, by=both, reply="答复")
    with pytest.raises(NotAllowed):
        services.message_approve(message_id=msg.pk, by=both)
    settings.GONGKAI_ALLOW_SELF_APPROVAL = True
    assert services.message_approve(message_id=msg.pk, by=both).status == S.REPLIED


def test_it_refuses_a_department_of_another_agency(org, other_org, supervisor):
    msg = submit(org)
    elsewhere = Department.objects.create(org=other_org, name="办公室")
    with pytest.raises(InvalidInput):
        services.message_assign(message_id=msg.pk, by=supervisor, department=elsewhere)


def test_it_keeps_held_back_messages_and_lets_staff_release_or_set_them_aside(org, clerk, dept_head):
    held = services.message_submit_public(org=org, data=_data(), hold_reasons=["同一地址提交过于频繁"])
    assert held.status == S.HELD and held.held_reason == "同一地址提交过于频繁"
    assert held not in selectors.messages_for_staff(clerk).filter(status__in=Message.VALID_STATUSES)
    with pytest.raises(NotAllowed):
        services.message_release(message_id=held.pk, by=dept_head)
    assert services.message_release(message_id=held.pk, by=clerk).status == S.RECEIVED
    spam = services.message_submit_public(org=org, data=_data(), hold_reasons=["隐藏字段被填写"])
    spam = services.message_discard(message_id=spam.pk, by=clerk, reason="广告")
    assert spam.status == S.DISCARDED and Message.objects.filter(pk=spam.pk).exists()  # still stored
    assert services.message_release(message_id=spam.pk, by=clerk).status == S.RECEIVED  # and releasable


def test_it_moves_open_due_dates_when_the_calendar_changes(org, supervisor, calendar_change):
    import datetime as dt

    msg = submit(org)
    day = msg.due_on
    calendar_change(day=day, is_workday=False, name="临时调整", by=supervisor)
    msg.refresh_from_db()
    assert msg.due_on > day
    assert msg.due_on - day < dt.timedelta(days=5)


def test_staff_read_only_their_own_agency_s_messages(org, other_org, clerk, outsider):
    mine = submit(org)
    theirs = submit(other_org)
    assert list(selectors.messages_for_staff(clerk)) == [mine]
    assert list(selectors.messages_for_staff(outsider)) == [theirs]


def _data():
    from .conftest import message_data

    return message_data()
