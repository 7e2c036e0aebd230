"""The public side: writing (with the protections of /apply/), the receipt shown once, tracking by
number and code, and the published Q&A — nothing private or unpublished ever shown."""
from __future__ import annotations

import re

import pytest

from gongkai.interaction import services
from gongkai.interaction.models import Message
from gongkai.interaction.rules import HONEYPOT, LINKS, OVER_LIMIT

from .conftest import submit

S = Message.Status
pytestmark = pytest.mark.django_db
WRITE = "/messages/write/"


def form(**overrides) -> dict:
    data = {"channel": "mailbox", "subject": "关于高新技术企业认定的咨询", "body": "请问认定申报材料包括哪些？",
            "writer_name": "李娜", "phone": "13912345678", "email": "lina@example.com", "website": ""}
    data.update(overrides)
    return data


def token(client) -> str:
    return re.search(r'name="token" value="([^"]+)"', client.get(WRITE).content.decode()).group(1)


def post(client, data, **kwargs):
    return client.post(WRITE, {**data, "token": token(client)}, **kwargs)


def test_it_takes_a_message_and_shows_the_number_and_code_once_never_cached(client, org):
    response = post(client, form())
    assert response.status_code == 302 and response["Location"] == "/messages/write/done/"
    msg = Message.objects.get()
    assert msg.status == S.RECEIVED and msg.writer_name == "李娜" and msg.is_public
    page = client.get("/messages/write/done/")
    html = page.content.decode()
    assert msg.number in html and msg.query_code in html
    assert "no-store" in page["Cache-Control"]
    again = client.get("/messages/write/done/").content.decode()
    assert msg.query_code not in again


def test_it_keeps_the_writer_s_wish_not_to_publish(client, org):
    post(client, form(keep_private="on"))
    assert Message.objects.get().is_public is False


def test_a_second_click_with_the_same_token_makes_no_second_message(client, org):
    data = {**form(), "token": token(client)}
    client.post(WRITE, data)
    client.post(WRITE, data)
    assert Message.objects.count() == 1


def test_it_refuses_an_expired_token_and_keeps_what_was_typed(client, org):
    response = client.post(WRITE, {**form(), "token": "forged"})
    assert response.status_code == 200 and Message.objects.count() == 0
    html = response.content.decode()
    assert "页面已过期" in html and "请问认定申报材料包括哪些" in html


def test_it_refuses_a_message_over_the_size_limit_with_the_reason_beside_it(client, org):
    response = post(client, form(body="长" * 3001))
    assert response.status_code == 200 and Message.objects.count() == 0
    assert "3000" in response.content.decode()


@pytest.mark.parametrize("overrides, reason", [
    ({"website": "http://cheap.example"}, HONEYPOT),
    ({"body": "优惠 http://a.top/1 http://b.top/2 http://c.top/3"}, LINKS),
])
def test_it_holds_back_spam_without_losing_it_and_gives_the_same_receipt(client, org, overrides, reason):
    response = post(client, form(**overrides))
    assert response.status_code == 302
    msg = Message.objects.get()
    assert msg.status == S.HELD and reason in msg.held_reason
    assert msg.number in client.get("/messages/write/done/").content.decode()


def test_past_the_per_address_limit_messages_are_held_then_refused_with_the_text_kept(client, org, settings):
    settings.GONGKAI_THROTTLE = {"message": (2, 3600), "message_hold": (3, 3600)}
    for n in range(3):
        assert post(client, form(subject=f"咨询{n}")).status_code == 302
    refused = post(client, form(subject="第四封"))
    assert refused.status_code == 429 and "第四封" in refused.content.decode()
    statuses = list(Message.objects.order_by("pk").values_list("status", "held_reason"))
    assert statuses == [(S.RECEIVED, ""), (S.RECEIVED, ""), (S.HELD, OVER_LIMIT)]
    # The refused one's token was given back: once the window passes the person can send it.


def test_the_tracking_page_answers_alike_for_a_wrong_number_and_a_wrong_code(client, org):
    msg = submit(org)
    wrong_code = client.post("/messages/track/", {"number": msg.number, "query_code": "AAAAAAAA"}).content.decode()
    wrong_number = client.post("/messages/track/", {"number": "M1999-00001", "query_code": msg.query_code}).content.decode()
    assert "留言编号或查询码不正确" in wrong_code and "留言编号或查询码不正确" in wrong_number
    right = client.post("/messages/track/", {"number": msg.number, "query_code": msg.query_code.lower()}).content.decode()
    assert msg.subject in right and "已收到，待办理" in right
    assert "王小明" not in right and "13800138000" not in right.split("留言内容")[0]


def test_tracking_is_rate_limited_per_address(client, org, settings):
    settings.GONGKAI_THROTTLE = {"track": (2, 600)}
    for _ in range(2):
        client.post("/messages/track/", {"number": "x", "query_code": "y"})
    assert client.post("/messages/track/", {"number": "x", "query_code": "y"}).status_code == 429


def test_a_held_message_is_not_shown_as_spam_to_its_writer(client, org):
    msg = services.message_submit_public(org=org, data=_data(), hold_reasons=[HONEYPOT])
    html = client.post("/messages/track/", {"number": msg.number, "query_code": msg.query_code}).content.decode()
    assert "已收到，待办理" in html and "垃圾" not in html


def test_the_writer_reads_the_reply_on_the_tracking_page(client, org, answer):
    msg = answer(submit(org))
    html = client.post("/messages/track/", {"number": msg.number, "query_code": msg.query_code}).content.decode()
    assert "已答复" in html and "3月开始" in html and f"/messages/{msg.pk}/" in html


def test_only_published_q_and_a_reach_the_portal_and_never_the_writer_s_name_or_contact(client, org, answer):
    published = answer(submit(org, subject="关于专利资助的咨询"))
    private = answer(submit(org, subject="关于私密事项的咨询", is_public=False))
    pending = submit(org, subject="关于尚未答复事项的咨询")
    held = services.message_submit_public(org=org, data=_data(subject="关于被拦截事项的咨询"), hold_reasons=[HONEYPOT])
    html = client.get("/messages/").content.decode()
    assert "关于专利资助的咨询" in html
    for hidden in ("私密事项", "尚未答复事项", "被拦截事项"):
        assert hidden not in html
    page = client.get(f"/messages/{published.pk}/").content.decode()
    assert "3月开始" in page
    for personal in ("王小明", "13800138000", "wang@example.com"):
        assert personal not in page
    for msg in (private, pending, held):
        assert client.get(f"/messages/{msg.pk}/").status_code == 404
    found = client.get("/messages/?q=咨询").content.decode()
    assert "专利资助" in found and "私密事项" not in found and "尚未答复" not in found


def test_the_list_filters_by_channel_and_year(client, org, answer):
    a = answer(submit(org, subject="信箱来信", channel="mailbox"))
    answer(submit(org, subject="留言板来信", channel="message_board"))
    html = client.get("/messages/?channel=mailbox").content.decode()
    assert "信箱来信" in html and "留言板来信" not in html
    year = a.replied_on.year
    assert "信箱来信" in client.get(f"/messages/?year={year}").content.decode()
    assert "信箱来信" not in client.get(f"/messages/?year={year - 1}").content.decode()
    assert client.get("/messages/?channel=<script>&year=abc&page=x").status_code == 200


def test_the_list_costs_the_same_queries_for_five_rows_or_twenty_five(client, org, answer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client.get("/messages/")  # the counts and channel names cached, as on a running site
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/messages/?page=1").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(5):
        answer(submit(org))
    few = queries()
    for _ in range(20):
        answer(submit(org))
    assert queries() == few == 1  # the page: its ids from the index and those rows in one statement (selectors.qa_rows)


def _data(**overrides):
    from .conftest import message_data

    return message_data(**overrides)
