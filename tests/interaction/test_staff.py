"""The workbench's pages for messages: the queue marks due, late and unanswered; each step is one
form and one service; another agency's staff get 404."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.interaction import services
from gongkai.interaction.models import Message

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_the_queue_orders_by_due_date_and_marks_late_and_unanswered(client, org, clerk):
    late = submit(org, subject="早先的来信")
    Message.objects.filter(pk=late.pk).update(received_on=dt.date(2026, 1, 5), due_on=dt.date(2026, 1, 12))
    fresh = submit(org, subject="新的来信")
    client.force_login(clerk)
    html = client.get("/workbench/messages/").content.decode()
    assert html.index("早先的来信") < html.index("新的来信")
    assert "已超期" in html and "未答复" in html and fresh.number in html


def test_staff_take_the_steps_on_the_message_page(client, org, dept, clerk, dept_head):
    msg = submit(org)
    client.force_login(clerk)
    assert client.post(f"/workbench/messages/{msg.pk}/act/assign/", {"department": dept.pk}).status_code == 302
    refused = client.post(f"/workbench/messages/{msg.pk}/act/draft/", {"reply": ""})
    assert refused.status_code == 400 and "请填写答复内容" in refused.content.decode()
    client.post(f"/workbench/messages/{msg.pk}/act/draft/", {"reply": "您好，答复如下。", "public_subject": "关于申报时间的咨询"})
    page = client.get(f"/workbench/messages/{msg.pk}/").content.decode()
    assert "答复待审核" in page and "审核通过并答复" not in page  # not the clerk's step
    client.force_login(dept_head)
    page = client.get(f"/workbench/messages/{msg.pk}/").content.decode()
    assert "审核通过并答复" in page and "退回修改" in page
    assert client.post(f"/workbench/messages/{msg.pk}/act/approve/").status_code == 302
    msg.refresh_from_db()
    assert msg.status == Message.Status.REPLIED and msg.is_published and msg.public_subject == "关于申报时间的咨询"


def test_another_agency_s_staff_get_404(client, org, outsider):
    msg = submit(org)
    client.force_login(outsider)
    assert client.get(f"/workbench/messages/{msg.pk}/").status_code == 404
    assert client.post(f"/workbench/messages/{msg.pk}/act/assign/", {"department": 1}).status_code == 404
    assert msg.number not in client.get("/workbench/messages/").content.decode()


def test_the_held_back_queue_shows_the_reason_and_releases(client, org, clerk):
    held = services.message_submit_public(org=org, data={
        "channel": "mailbox", "subject": "推广", "body": "http://a.top http://b.top http://c.top", "writer_name": "某"},
        hold_reasons=["内容含有大量链接"])
    client.force_login(clerk)
    html = client.get("/workbench/messages/?show=held").content.decode()
    assert held.number in html and "内容含有大量链接" in html
    client.post(f"/workbench/messages/{held.pk}/act/release/")
    held.refresh_from_db()
    assert held.status == Message.Status.RECEIVED
