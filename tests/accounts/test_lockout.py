"""Lockout (django-axes, database handler): 5 failures in 15 minutes lock the account, and apart
from it the address, for 15 minutes — on the workbench's sign-in and in Django admin. Audited."""
from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEntry

from .conftest import PASSWORD, login_post


def test_it_locks_an_account_after_five_failures_from_anywhere(client, clerk):
    # Five wrong passwords, each from another address: no single address reaches the limit. The
    # fifth failure locks the account (its answer is already the lockout page).
    for n in range(4):
        assert login_post(client, "clerk", "wrong-password", remote=f"10.0.0.{n + 1}").status_code == 200
    assert login_post(client, "clerk", "wrong-password", remote="10.0.0.5").status_code == 429
    # The right password, from a sixth address, is refused: the account is locked.
    response = login_post(client, "clerk", PASSWORD, remote="10.0.0.99")
    assert response.status_code == 429
    assert "已被锁定 15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_after_five_failures_on_any_accounts(client, clerk, supervisor):
    for n in range(5):
        login_post(client, f"guess{n}", "wrong-password", remote="10.1.1.1")
    assert login_post(client, "supervisor", PASSWORD, remote="10.1.1.1").status_code == 429
    # The same account from another address is not locked.
    assert login_post(client, "supervisor", PASSWORD, remote="10.1.1.2").status_code == 302


def test_four_failures_then_the_right_password_signs_in_and_starts_the_count_again(client, clerk):
    for _ in range(4):
        login_post(client, "clerk", "wrong-password", remote="10.2.2.2")
    assert login_post(client, "clerk", PASSWORD, remote="10.2.2.2").status_code == 302
    client.logout()
    for _ in range(4):
        login_post(client, "clerk", "wrong-password", remote="10.2.2.3")
    assert login_post(client, "clerk", PASSWORD, remote="10.2.2.3").status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, clerk):
    import datetime as dt

    from axes.models import AccessAttempt

    for n in range(5):
        login_post(client, "clerk", "wrong-password", remote=f"10.3.0.{n}")
    assert login_post(client, "clerk", PASSWORD, remote="10.3.1.1").status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - dt.timedelta(minutes=16))
    assert login_post(client, "clerk", PASSWORD, remote="10.3.1.1").status_code == 302


def test_it_locks_django_admin_s_sign_in_as_well(client, system_admin):
    for n in range(4):
        response = login_post(client, "sysadmin", "wrong-password", remote=f"10.4.0.{n}", path="/admin/login/")
        assert response.status_code == 200
    login_post(client, "sysadmin", "wrong-password", remote="10.4.0.9", path="/admin/login/")
    assert login_post(client, "sysadmin", PASSWORD, remote="10.4.1.1", path="/admin/login/").status_code == 429
    # …and the workbench's, which shares the count.
    assert login_post(client, "sysadmin", PASSWORD, remote="10.4.1.2").status_code == 429


def test_failures_and_the_lockout_are_in_the_audit_log(client, clerk):
    for n in range(6):
        login_post(client, "clerk", "wrong-password", remote="10.5.0.1")
    actions = list(AuditEntry.objects.filter(action__startswith="auth.").values_list("action", flat=True))
    assert actions.count("auth.login_failed") == 6
    assert actions.count("auth.locked_out") >= 1
    failed = AuditEntry.objects.filter(action="auth.login_failed").first()
    assert failed.data == {"username": "clerk", "ip": "10.5.0.1", "locked": False}
    assert AuditEntry.objects.filter(action="auth.login_failed", data__locked=True).exists()
    assert "wrong-password" not in str(list(AuditEntry.objects.values_list("data", flat=True)))


@pytest.mark.parametrize("path", ["/workbench/login/", "/admin/login/"])
def test_the_lockout_page_is_in_chinese_and_names_no_password(client, clerk, path):
    for n in range(5):
        login_post(client, "clerk", "wrong-password", remote="10.6.0.1", path=path)
    body = login_post(client, "clerk", "wrong-password", remote="10.6.0.1", path=path).content.decode()
    assert "暂时无法登录" in body and "请联系安全管理员" in body and "wrong-password" not in body
