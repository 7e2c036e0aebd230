"""The demo's three administrators (三员分立): 系统管理员 admin, 安全管理员 anquan, 审计管理员 shenji.

Administrators must give a second factor (TOTP). So that the demo can be tried without a phone, each
is enrolled with a fixed, published secret (printed by `gongkai demo`, which also prints their
current codes with `--codes`). These secrets are public: a real installation enrols its own.
The review-chain staff (xinxiyuan, chuzhang, zhuguan) keep a password alone, as staff may by default
(GONGKAI_OTP_REQUIRED_FOR_STAFF=false).
"""
from __future__ import annotations

import base64
from binascii import unhexlify
from dataclasses import dataclass

from django.contrib.auth.models import User

from gongkai.accounts.models import AdminDuty, Duty
from gongkai.accounts.services import duty_assign

from . import data


@dataclass
class DemoAdmin:
    username: str
    display: str
    duty: str
    key_hex: str  # the TOTP secret (20 bytes) — published, demo only

    @property
    def secret(self) -> str:
        return base64.b32encode(unhexlify(self.key_hex)).decode()


ADMINS = [
    DemoAdmin(data.ADMIN[0], data.ADMIN[1], Duty.SYSTEM, "67616e676b61692d64656d6f2d73797374656d31"),
    DemoAdmin("anquan", "赵安全", Duty.SECURITY, "67616e676b61692d64656d6f2d7365637572697479"[:40]),
    DemoAdmin("shenji", "孙审计", Duty.AUDIT, "67616e676b61692d64656d6f2d61756469743132"),
]


def load_admins() -> dict[str, User]:
    """Creates (or finds) the three administrators, each with their duty and authenticator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users = {}
    for admin in ADMINS:
        user = User.objects.filter(username=admin.username).first()
        if user is None:  # the password is set once; a demo user who changed it keeps theirs
            user = User(username=admin.username, first_name=admin.display)
            user.set_password(data.ADMIN_PASSWORD)
            user.save()
        if user.is_superuser:  # a demo data folder from before 三员分立: admin was the superuser
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
        if not AdminDuty.objects.filter(user=user, duty=admin.duty).exists():
            duty_assign(user_id=user.pk, duty=admin.duty, by=None)
        if not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name="演示验证器", key=admin.key_hex, confirmed=True)
        users[admin.username] = user
    return users


def current_codes() -> dict[str, str]:
    """The codes the demo administrators' authenticators would show now (their secrets are public)."""
    import time

    from django_otp.oath import TOTP

    codes = {}
    for admin in ADMINS:
        totp = TOTP(unhexlify(admin.key_hex))
        totp.time = time.time()
        codes[admin.username] = f"{totp.token():06d}"
    return codes
