"""The self-inspection run reads messages (regulations.md: `message_unanswered` veto, `message_late`
deduct, with the agency's reply term); messages held back as spam are not valid messages."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from gongkai.interaction import services
from gongkai.interaction.models import Message, MessageSettings
from gongkai.interaction.rules import HONEYPOT

from .conftest import message_data
from .test_replies_figure import _import

pytestmark = pytest.mark.django_db


def inspect(org, on: str) -> dict:
    out = io.StringIO()
    call_command("inspect", "--org", org.code, "--on", on, stdout=out)
    return {f["rule"]: f for f in json.loads(out.getvalue())["findings"]}


def test_it_finds_messages_unanswered_for_three_months_and_answered_late(org, tmp_path):
    _import(org, tmp_path, [
        ("A", "mailbox", "2026-01-05", ""),           # unanswered; +3 months = 04-05 < 04-10: veto; past its term too
        ("B", "mailbox", "2026-03-02", "2026-03-10"),  # term: Tue 3 … Mon 9 — answered on the 10th: late
        ("C", "mailbox", "2026-03-02", "2026-03-09"),  # on the last day: in time
    ])
    spam = services.message_submit_public(org=org, data=message_data(), hold_reasons=[HONEYPOT])
    Message.objects.filter(pk=spam.pk).update(received_on=dt.date(2026, 1, 5))  # held: not a valid message
    found = inspect(org, "2026-04-10")
    numbers = lambda rule: [r["label"] for r in found[rule]["records"]]  # noqa: E731
    assert found["message_unanswered"]["severity"] == "veto" and numbers("message_unanswered") == ["留言 A"]
    assert sorted(numbers("message_late")) == ["留言 A", "留言 B"]
    assert found["message_late"]["records"][0]["url"].startswith("/workbench/messages/")


def test_it_takes_the_agency_s_reply_term(org, tmp_path):
    MessageSettings.objects.create(org=org, reply_term_working_days=10)
    _import(org, tmp_path, [("B", "mailbox", "2026-03-02", "2026-03-10")])  # 10 working days: to 03-16
    assert "message_late" not in inspect(org, "2026-04-10")
