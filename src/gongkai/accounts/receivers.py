"""Events that become audit entries although no service of ours makes them: Django's sign-in signals,
django-axes' lockout, Django admin's change log, and grants of review-chain roles from anywhere.

These receivers only record; they change nothing else.
"""
from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.audit.services import audit_record
from gongkai.orgs.models import Membership

from .actor import current_actor
from .services import auth_event_record

ADMIN_ACTIONS = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}


@receiver(user_logged_in, dispatch_uid="gongkai_audit_login")
def _logged_in(sender, request, user, **kwargs):
    from .sessions import session_started

    session_started(request)
    auth_event_record("auth.login", request=request, user=user)


@receiver(user_logged_out, dispatch_uid="gongkai_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        auth_event_record("auth.logout", request=request, user=user,
                          reason=getattr(request, "gongkai_logout_reason", "user"))


@receiver(user_login_failed, dispatch_uid="gongkai_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    if request is not None and getattr(request, "gongkai_superuser_refused", False):
        auth_event_record("auth.superuser_refused", request=request, username=username)
        return
    locked = bool(getattr(request, "axes_locked_out", False)) if request is not None else False
    auth_event_record("auth.login_failed", request=request, username=username, locked=locked)


@receiver(user_locked_out, dispatch_uid="gongkai_audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    auth_event_record("auth.locked_out", request=request, username=username or "")


@receiver(post_save, sender=LogEntry, dispatch_uid="gongkai_audit_admin")
def _admin_logged(sender, instance: LogEntry, created, **kwargs):
    """Every add, change and delete made in Django admin (LogEntry is admin's own record of them)."""
    if not created:
        return
    audit_record(ADMIN_ACTIONS.get(instance.action_flag, "admin.changed"), by=instance.user, data={
        "model": f"{instance.content_type.app_label}.{instance.content_type.model}" if instance.content_type_id else "",
        "object_id": instance.object_id or "", "object": instance.object_repr,
        "change": instance.get_change_message(),
    })


def _membership_data(m: Membership) -> dict:
    return {"username": m.user.username, "org": m.org.code, "department": m.department.name if m.department_id else "",
            "role": m.role}


@receiver(post_save, sender=Membership, dispatch_uid="gongkai_audit_role_granted")
def _role_saved(sender, instance: Membership, created, raw=False, **kwargs):
    if raw:
        return
    audit_record("role.granted" if created else "role.changed", by=current_actor(), org=instance.org,
                 obj=instance.user, data=_membership_data(instance))


@receiver(post_delete, sender=Membership, dispatch_uid="gongkai_audit_role_revoked")
def _role_deleted(sender, instance: Membership, **kwargs):
    audit_record("role.revoked", by=current_actor(), org=instance.org, obj=instance.user, data=_membership_data(instance))
