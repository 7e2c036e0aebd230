"""In a real browser: an administrator enrols an authenticator (QR code page), then signs in to admin
with password and code; the pages are accessible and the strict CSP blocks nothing they need."""
from __future__ import annotations

import base64
import re
import time

from django.contrib.auth.models import User
from django_otp.oath import TOTP

from gongkai.accounts.services import duty_assign
from tests.browser.conftest import PASSWORD


def _code(secret_b32: str, offset: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret_b32))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_an_administrator_enrols_then_signs_in_with_a_code(browser_page, axe_audit, save_shot, db):
    page = browser_page
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    user = User.objects.create_user("shenji", password=PASSWORD, first_name="孙审计")
    duty_assign(user_id=user.pk, duty="audit", by=None)

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="启用二次验证").wait_for()
    assert page.locator("svg.ac-qr").is_visible()
    assert axe_audit(page) == []
    save_shot(page, "accounts-1-enrol")
    secret = re.sub(r"\s", "", page.locator(".ac-secret").inner_text())
    page.get_by_label("验证码").fill(_code(secret))
    page.get_by_role("button", name="完成绑定").click()
    page.get_by_role("link", name="审计日志").first.wait_for()  # admin's index, the audit log only

    page.locator("#logout-form button").click()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="二次验证").wait_for()
    assert axe_audit(page) == []
    page.get_by_label("验证码").fill(_code(secret, offset=30))  # the next code: the last one was used
    page.get_by_role("button", name="验证").click()
    page.get_by_role("link", name="审计日志").first.wait_for()
    save_shot(page, "accounts-2-audit-log")
    assert blocked == []
