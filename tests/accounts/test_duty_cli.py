"""`gongkai duty`: an installation creates its three administrators without a superuser."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from gongkai.accounts.models import AdminDuty
from gongkai.audit.models import AuditEntry


def run(*args, stdin: str = "") -> dict | list:
    out = io.StringIO()
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("duty", *args, stdout=out)
    finally:
        sys.stdin = old
    return json.loads(out.getvalue())


def test_it_creates_the_three_administrators_and_lists_them(db):
    assert run("grant", "anquan", "security", "--create", stdin="Zhengce-Fagui-7\n")["label"] == "安全管理员"
    run("grant", "xitong", "system", "--create", stdin="Qiannan7Duyun9Xian\n")
    assert [(d["username"], d["duty"]) for d in run("list")] == [("anquan", "security"), ("xitong", "system")]
    assert AdminDuty.objects.get(user__username="anquan").user.is_staff
    assert AuditEntry.objects.filter(action="duty.granted", data__username="xitong").exists()


def test_it_refuses_a_weak_password_in_chinese(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="密码不符合要求：.*至少需要 12 个字符"):
        run("grant", "anquan", "security", "--create", stdin="Gongkai2026\n")
    assert not AdminDuty.objects.exists()


def test_it_refuses_a_duty_for_review_chain_staff(clerk):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不能再担任管理员"):
        run("grant", "clerk", "audit")
