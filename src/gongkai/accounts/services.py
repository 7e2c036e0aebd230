"""Changes to accounts: duties of the three administrators, password history, events of sign-in.

Each writes its audit entry (audit.services.audit_record) in the same transaction as the change.
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed

from .models import AdminDuty, Duty, PasswordHistory


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def can_manage_duties(by) -> bool:
    """The security administrator assigns duties (and the superuser during installation)."""
    from .backends import duty_of

    if by is None:  # the command line, run by the operator of the machine
        return True
    return bool(by.is_active and (by.is_superuser or duty_of(by) == Duty.SECURITY))


def duty_refusal(*, user: User, by) -> str | None:
    """Why BY may not give USER an administrator duty (in Chinese), or None."""
    from gongkai.orgs.models import Membership

    if not can_manage_duties(by):
        return "只有安全管理员可以分配管理员职责"
    if by is not None and by.pk == user.pk:
        return "不能给自己分配或更改管理员职责"
    if user.is_superuser:
        return "超级管理员账号仅用于安装，不能担任三员职责；请另建账号"
    if Membership.objects.filter(user=user).exists():
        return "该账号担任信息员、处室负责人或公开主管，不能再担任管理员（三员与业务岗位分离）"
    return None


@transaction.atomic
def duty_assign(*, user_id: int, duty: str, by=None) -> AdminDuty:
    """Gives USER the administrator DUTY (replacing another duty they held: never two at once)."""
    if duty not in Duty.values:
        raise InvalidInput(f"未知的管理职责：{duty}")
    user = User.objects.select_for_update().get(pk=user_id)
    refusal = duty_refusal(user=user, by=by)
    if refusal:
        raise NotAllowed(refusal) if "安全管理员" in refusal or "自己" in refusal else InvalidInput(refusal)
    current = AdminDuty.objects.filter(user=user).first()
    old = current.duty if current else None
    if current is None:
        current = AdminDuty.objects.create(user=user, duty=duty)
    elif old != duty:
        current.duty = duty
        current.save(update_fields=["duty"])
    if not user.is_staff:
        user.is_staff = True  # admin's door; what they may do there comes from the duty alone
        user.save(update_fields=["is_staff"])
    if old != duty:
        audit_record("duty.granted", by=_actor(by), obj=user,
                     data={"username": user.username, "duty": duty, "previous": old})
    return current


@transaction.atomic
def duty_revoke(*, user_id: int, by=None) -> None:
    if not can_manage_duties(by):
        raise NotAllowed("只有安全管理员可以撤销管理员职责")
    user = User.objects.select_for_update().get(pk=user_id)
    if by is not None and by.pk == user.pk:
        raise NotAllowed("不能撤销自己的管理员职责")
    current = AdminDuty.objects.filter(user=user).first()
    if current is None:
        return
    current.delete()
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    audit_record("duty.revoked", by=_actor(by), obj=user, data={"username": user.username, "duty": current.duty})


@transaction.atomic
def password_history_add(*, user: User, remember: int) -> None:
    """Keeps the hash of the password just saved, and only the newest REMEMBER of them."""
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = list(PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[remember:])
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()
    from .actor import current_actor

    audit_record("auth.password_changed", by=current_actor(), obj=user, data={"username": user.username})


def auth_event_record(action: str, *, request=None, user=None, username: str = "", **data) -> None:
    """One sign-in event in the audit log: who (when known), from which address, what happened."""
    from .lockout import client_ip

    if request is not None:
        data["ip"] = client_ip(request)
    if username or user is not None:
        data["username"] = (username or user.get_username())[:150]
    audit_record(action, by=user if user is not None and user.pk else None,
                 obj=user if user is not None and user.pk else None, data=data)


def otp_key_new() -> str:
    from django_otp.util import random_hex

    return random_hex(20)


def _totp_for_key(key_hex: str):
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key_hex.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp


@transaction.atomic
def otp_device_confirm(*, user: User, key_hex: str, token: str, request=None):
    """Enrols USER's authenticator app: KEY_HEX is the secret shown on the enrolment page, TOKEN the
    code the app shows now. Returns the confirmed device, or None when the code is wrong."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    totp = _totp_for_key(key_hex)
    if not (token.strip().isdigit() and totp.verify(int(token.strip()), tolerance=1)):
        auth_event_record("auth.otp_failed", request=request, user=user, stage="enrol")
        return None
    TOTPDevice.objects.filter(user=user).delete()  # one authenticator per account
    device = TOTPDevice.objects.create(user=user, name="验证器", key=key_hex, confirmed=True, last_t=totp.t())
    auth_event_record("auth.otp_enrolled", request=request, user=user)
    return device


def otp_token_check(*, user: User, token: str, request=None):
    """Checks a code against USER's confirmed devices (django-otp slows down repeated failures).
    Returns the device that accepted it, or None."""
    from django_otp import devices_for_user

    token = token.strip()
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            auth_event_record("auth.otp_verified", request=request, user=user)
            return device
    auth_event_record("auth.otp_failed", request=request, user=user, stage="sign_in")
    return None
