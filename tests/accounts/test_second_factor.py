"""The second factor (TOTP): required of administrators in the workbench and in Django admin,
optional for review-chain staff unless GONGKAI_OTP_REQUIRED_FOR_STAFF; enrolment with a QR code."""
from __future__ import annotations

import re
import time
from binascii import unhexlify

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import Duty
from gongkai.accounts.services import duty_assign
from gongkai.audit.models import AuditEntry

from .conftest import PASSWORD, code_for, login_post


def test_an_administrator_gives_the_code_after_the_password_in_admin(client, system_admin):
    response = login_post(client, "sysadmin", PASSWORD, remote="10.8.0.1", path="/admin/login/")
    assert response.status_code == 302
    # Admin is not reachable yet: the code page is.
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/account/otp/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "二次验证" in page and "6 位验证码" in page
    wrong = client.post("/workbench/account/otp/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    device = system_admin.totpdevice_set.get()
    device.throttle_reset()  # the failure above makes django-otp wait a second before the next try
    right = client.post("/workbench/account/otp/", {"token": code_for(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    actions = list(AuditEntry.objects.filter(actor=system_admin).values_list("action", flat=True))
    assert {"auth.login", "auth.otp_failed", "auth.otp_verified"} <= set(actions)


def test_a_code_is_not_accepted_twice(client, system_admin):
    device = system_admin.totpdevice_set.get()
    code = code_for(device)
    login_post(client, "sysadmin", PASSWORD, remote="10.8.0.2")
    assert client.post("/workbench/account/otp/", {"token": code, "next": "/workbench/"}).status_code == 302
    client.logout()
    login_post(client, "sysadmin", PASSWORD, remote="10.8.0.2")
    assert client.post("/workbench/account/otp/", {"token": code, "next": "/workbench/"}).status_code == 200


def test_an_administrator_without_a_device_must_enrol_first(client, db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("newadmin", password=PASSWORD)
    duty_assign(user_id=user.pk, duty=Duty.AUDIT, by=None)
    login_post(client, "newadmin", PASSWORD, remote="10.8.0.3", path="/admin/login/")
    response = client.get("/admin/audit/auditentry/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/account/otp/enrol/")
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "启用二次验证" in page and "须使用二次验证" in page
    secret = re.search(r'<code class="ac-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    import base64

    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time()
    assert client.post("/workbench/account/otp/enrol/", {"token": "123", "next": "/admin/"}).status_code == 200
    done = client.post("/workbench/account/otp/enrol/", {"token": f"{totp.token():06d}", "next": "/admin/audit/auditentry/"})
    assert done.status_code == 302 and done["Location"] == "/admin/audit/auditentry/"
    assert client.get("/admin/audit/auditentry/").status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and unhexlify(device.key) == base64.b32decode(secret)
    assert AuditEntry.objects.filter(action="auth.otp_enrolled", actor=user).exists()


def test_review_chain_staff_sign_in_with_a_password_alone_by_default(client, clerk):
    login_post(client, "clerk", PASSWORD, remote="10.8.0.4")
    assert client.get("/workbench/").status_code == 200


def test_a_setting_requires_the_second_factor_of_all_staff(client, clerk, settings):
    settings.GONGKAI_OTP_REQUIRED_FOR_STAFF = True
    login_post(client, "clerk", PASSWORD, remote="10.8.0.5")
    response = client.get("/workbench/")
    assert response.status_code == 302 and "/otp/enrol/" in response["Location"]
    # The public portal stays open to them, as to everyone.
    assert client.get("/").status_code == 200


def test_staff_who_enrolled_always_give_the_code(client, clerk):
    TOTPDevice.objects.create(user=clerk, name="验证器", confirmed=True)
    login_post(client, "clerk", PASSWORD, remote="10.8.0.6")
    assert "/workbench/account/otp/" in client.get("/workbench/")["Location"]


def test_the_demo_administrators_codes_are_the_printed_ones(db):
    from gongkai.demo.accounts import ADMINS, current_codes, load_admins

    users = load_admins()
    codes = current_codes()
    for admin in ADMINS:
        device = users[admin.username].totpdevice_set.get()
        assert device.verify_token(codes[admin.username])
