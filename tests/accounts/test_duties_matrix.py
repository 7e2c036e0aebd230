"""三员分立, roles × actions: the system administrator (configuration, organisations, users), the
security administrator (roles, policies), the audit administrator (reads and exports the audit log,
nothing else), the review-chain staff (workbench only), and the superuser (installation only: cannot
sign in in production). Each cell is a real request after a real sign-in (password + code)."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from gongkai.accounts.models import AdminDuty, Duty
from gongkai.accounts.services import duty_assign
from gongkai.audit.models import AuditEntry
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.models import Membership, Role

from .conftest import PASSWORD, make_admin, sign_in

ROLES = ["system", "security", "audit", "clerk", "dept_head", "supervisor", "superuser"]

# action: (method, url, roles allowed) — worked out from the duties, not from the code.
ACTIONS = {
    "机关列表": ("get", "/admin/orgs/organisation/", {"system"}),
    "新建机关": ("get", "/admin/orgs/organisation/add/", {"system"}),
    "处室设置": ("get", "/admin/orgs/department/", {"system"}),
    "用户列表": ("get", "/admin/auth/user/", {"system", "security"}),
    "新建用户": ("get", "/admin/auth/user/add/", {"system"}),
    "主题分类": ("get", "/admin/catalog/topic/add/", {"system"}),
    "节假日调整": ("get", "/admin/workdays/calendaroverride/add/", {"system"}),
    "答复模板": ("get", "/admin/applications/lettertemplate/", {"system"}),
    "分配岗位": ("get", "/admin/orgs/membership/add/", {"security"}),
    "分配三员职责": ("get", "/admin/accounts/adminduty/add/", {"security"}),
    "登录锁定（解锁）": ("get", "/admin/axes/accessattempt/", {"security"}),
    "二次验证设备（重置）": ("get", "/admin/otp_totp/totpdevice/", {"security"}),
    "查看审计日志": ("get", "/admin/audit/auditentry/", {"audit"}),
    "导出审计日志": ("export", "/admin/audit/auditentry/", {"audit"}),
    "工作台待办": ("get", "/workbench/", {"clerk", "dept_head", "supervisor"}),
}


@pytest.fixture
def people(org, dept, clerk, dept_head, supervisor, system_admin, security_admin, audit_admin):
    root = User.objects.create_superuser("root", password=PASSWORD)
    return {"system": system_admin, "security": security_admin, "audit": audit_admin, "clerk": clerk,
            "dept_head": dept_head, "supervisor": supervisor, "superuser": root}


def _do(client, method: str, url: str):
    if method == "export":
        ids = [str(pk) for pk in AuditEntry.objects.values_list("pk", flat=True)[:3]]
        return client.post(url, {"action": "export_csv", "_selected_action": ids})
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_roles_times_actions(client, people, role):
    user = people[role]
    if role == "superuser":  # installation only: refused with the right password in production
        response = client.post("/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.7.0.1")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
        assert AuditEntry.objects.filter(action="auth.superuser_refused", data__username="root").exists()
    else:
        sign_in(client, user, remote="10.7.0.2")
    outcome = {}
    for action, (method, url, allowed) in ACTIONS.items():
        response = _do(client, method, url)
        ok = response.status_code == 200 and (method != "export" or response["Content-Type"].startswith("text/csv"))
        assert ok or response.status_code in (302, 403), (action, response.status_code)
        outcome[action] = ok
    assert outcome == {action: role in allowed for action, (_, _, allowed) in ACTIONS.items()}


def test_the_export_is_a_csv_of_the_log_and_is_itself_audited(client, audit_admin):
    sign_in(client, audit_admin, remote="10.7.0.3")
    ids = list(AuditEntry.objects.values_list("pk", flat=True))
    response = client.post("/admin/audit/auditentry/", {"action": "export_csv", "_selected_action": ids})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "id,at,actor,org,action,object_type,object_id,data,hash"
    assert "auth.login" in text and len(text.splitlines()) == len(ids) + 1
    assert AuditEntry.objects.filter(action="audit.exported", actor=audit_admin, data__entries=len(ids)).exists()


def test_no_account_holds_two_duties_or_a_duty_and_a_review_chain_post(org, clerk, security_admin, system_admin):
    # A second duty replaces the first (one row per account, a unique key).
    duty_assign(user_id=system_admin.pk, duty=Duty.AUDIT, by=security_admin)
    assert list(AdminDuty.objects.filter(user=system_admin).values_list("duty", flat=True)) == ["audit"]
    with pytest.raises(InvalidInput, match="不能再担任管理员"):
        duty_assign(user_id=clerk.pk, duty=Duty.SYSTEM, by=security_admin)
    with pytest.raises(NotAllowed, match="不能给自己"):
        duty_assign(user_id=security_admin.pk, duty=Duty.SYSTEM, by=security_admin)
    with pytest.raises(NotAllowed, match="只有安全管理员"):
        duty_assign(user_id=clerk.pk, duty=Duty.SYSTEM, by=system_admin)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="不能同时担任"):
        Membership(user=system_admin, org=org, role=Role.SUPERVISOR).full_clean()


def test_admin_refuses_a_review_chain_post_for_an_administrator(client, org, security_admin, audit_admin):
    sign_in(client, security_admin, remote="10.7.0.4")
    response = client.post("/admin/orgs/membership/add/", {"user": audit_admin.pk, "org": org.pk, "role": "supervisor"})
    assert response.status_code == 200 and "不能同时担任" in response.content.decode()
    assert not Membership.objects.filter(user=audit_admin).exists()
    response = client.post("/admin/accounts/adminduty/add/", {"user": security_admin.pk, "duty": "system"})
    assert "不能给自己" in response.content.decode()


def test_permissions_ticked_in_admin_give_no_power(system_admin):
    """Permissions come from the duty alone: a group or a per-user permission is ignored."""
    from django.contrib.auth.models import Permission

    system_admin.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    system_admin = User.objects.get(pk=system_admin.pk)
    assert not system_admin.has_perm("audit.view_auditentry")
    assert system_admin.has_perm("orgs.change_organisation")


def test_every_admin_page_belongs_to_a_duty():
    """A model registered in Django admin that no duty may use would be reachable by no one but the
    superuser (who cannot sign in in production): add it to accounts/duties.py."""
    from django.contrib import admin

    from gongkai.accounts.duties import DUTY_PERMISSIONS, NO_DUTY

    covered = {model for table in DUTY_PERMISSIONS.values() for model in table} | NO_DUTY
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - covered == set(), "add these admin models to a duty in src/gongkai/accounts/duties.py"
