"""Personas of the three administrator duties (三员), each with an enrolled authenticator, and the
sign-in steps a test takes: the password form, then the code of the second factor."""
from __future__ import annotations

import time
from binascii import unhexlify

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP

from gongkai.accounts.models import Duty
from gongkai.accounts.services import duty_assign

PASSWORD = "Gongkai-test-2026"


def code_for(device, at: float | None = None) -> str:
    """What the user's authenticator app shows now (or at AT)."""
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def make_admin(username: str, duty: str) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.create_user(username, password=PASSWORD, first_name=username)
    duty_assign(user_id=user.pk, duty=duty, by=None)
    TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def system_admin(db):
    return make_admin("sysadmin", Duty.SYSTEM)


@pytest.fixture
def security_admin(db):
    return make_admin("secadmin", Duty.SECURITY)


@pytest.fixture
def audit_admin(db):
    return make_admin("auditadmin", Duty.AUDIT)


def sign_in(client, user, *, password: str = PASSWORD, remote: str = "127.0.0.1"):
    """Password on the workbench's sign-in page, then the second factor when the user has a device."""
    response = client.post("/workbench/login/", {"username": user.username, "password": password}, REMOTE_ADDR=remote)
    assert response.status_code == 302, response.content.decode()[:500]
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        response = client.post("/workbench/account/otp/", {"token": code_for(device), "next": "/workbench/"},
                               REMOTE_ADDR=remote)
        assert response.status_code == 302 and "/otp/" not in response["Location"], response
    return response


def verified(client, user):
    """Signed in with the second factor given, without the forms (django-otp's session key)."""
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def login_post(client, username: str, password: str, *, remote: str, path: str = "/workbench/login/"):
    return client.post(path, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=remote)
