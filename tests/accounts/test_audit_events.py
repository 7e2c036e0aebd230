"""Every sign-in, sign-out, failure, lockout and password change, and every change made in Django
admin (roles, users, settings), is an entry of the hash-chained audit log — and the chain verifies."""
from __future__ import annotations

from django.contrib.auth.models import User

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_verify
from gongkai.orgs.models import Membership, Role

from .conftest import PASSWORD, login_post, sign_in


def _actions(**filters) -> list[str]:
    return list(AuditEntry.objects.filter(**filters).order_by("pk").values_list("action", flat=True))


def test_sign_in_sign_out_and_a_failure_are_audited_with_the_address(client, clerk):
    login_post(client, "clerk", "wrong-password", remote="192.0.2.7")
    login_post(client, "clerk", PASSWORD, remote="192.0.2.7")
    client.post("/workbench/logout/", REMOTE_ADDR="192.0.2.7")
    entries = list(AuditEntry.objects.filter(action__startswith="auth.").order_by("pk"))
    assert [(e.action, e.actor_id, e.data.get("ip"), e.data["username"]) for e in entries] == [
        ("auth.login_failed", None, "192.0.2.7", "clerk"),
        ("auth.login", clerk.pk, "192.0.2.7", "clerk"),
        ("auth.logout", clerk.pk, "192.0.2.7", "clerk"),
    ]
    assert audit_verify()[0]


def test_granting_a_post_of_another_agency_in_admin_is_audited(client, org, other_org, clerk, security_admin):
    """The case of the issue: a 公开主管 post of another agency given in admin leaves an entry."""
    sign_in(client, security_admin, remote="10.10.0.1")
    response = client.post("/admin/orgs/membership/add/", {"user": clerk.pk, "org": other_org.pk, "role": Role.SUPERVISOR})
    assert response.status_code == 302
    granted = AuditEntry.objects.get(action="role.granted", data__org="gzedu")
    assert granted.actor == security_admin and granted.org == other_org
    assert granted.data == {"username": "clerk", "org": "gzedu", "department": "", "role": "supervisor"}
    added = AuditEntry.objects.get(action="admin.added", data__model="orgs.membership")
    assert added.actor == security_admin and "贵州省教育厅" in added.data["object"]
    # Taking it away again, with 删除所选: one entry per post.
    membership = Membership.objects.get(user=clerk, org=other_org)
    client.post("/admin/orgs/membership/", {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoked", data__org="gzedu", actor=security_admin).exists()
    assert AuditEntry.objects.filter(action="admin.deleted", data__model="orgs.membership", actor=security_admin).exists()
    assert audit_verify()[0]


def test_users_and_settings_changed_in_admin_are_audited(client, system_admin, org):
    sign_in(client, system_admin, remote="10.10.0.2")
    response = client.post("/admin/auth/user/add/", {"username": "newclerk", "usable_password": "true",
                                                      "password1": "Zhengce-Fagui-7", "password2": "Zhengce-Fagui-7"})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = AuditEntry.objects.get(action="admin.added", data__model="auth.user")
    assert created.actor == system_admin and created.data["object"] == "newclerk"
    assert AuditEntry.objects.filter(action="auth.password_changed", data__username="newclerk", actor=system_admin).exists()
    # A setting: a holiday override.
    response = client.post("/admin/workdays/calendaroverride/add/", {"day": "2026-10-09", "name": "国庆调整"})
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = AuditEntry.objects.get(action="admin.added", data__model="workdays.calendaroverride")
    assert holiday.actor == system_admin and "2026" in holiday.data["object"]
    # A superuser flag cannot be set by the system administrator: the field is not on the form.
    page = client.get(f"/admin/auth/user/{User.objects.get(username='newclerk').pk}/change/").content.decode()
    assert "is_superuser" not in page and "user_permissions" not in page and "is_active" in page


def test_a_duty_given_through_admin_is_audited_and_makes_the_account_staff(client, security_admin):
    user = User.objects.create_user("future", password=PASSWORD)
    sign_in(client, security_admin, remote="10.10.0.3")
    assert client.post("/admin/accounts/adminduty/add/", {"user": user.pk, "duty": "audit"}).status_code == 302
    entry = AuditEntry.objects.get(action="duty.granted", data__username="future")
    assert entry.actor == security_admin and entry.data["duty"] == "audit"
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
