"""The second factor (TOTP, django-otp): who must give one, and the door that asks for it.

Administrators (the three duties, the superuser, anyone admin lets in) must; other staff must when
GONGKAI_OTP_REQUIRED_FOR_STAFF is on; anyone who enrolled an authenticator gives its code every time.
The check covers the workbench and Django admin (GONGKAI_SECOND_FACTOR_PATHS): a signed-in user
who has not given the code yet reaches only the code page, the enrolment page and sign-out.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


def second_factor_required(user) -> bool:
    from django_otp import user_has_device

    from .backends import duty_of

    if user_has_device(user, confirmed=True):
        return True
    if user.is_superuser or user.is_staff or duty_of(user):
        return True
    if settings.GONGKAI_OTP_REQUIRED_FOR_STAFF:
        from gongkai.orgs.selectors import user_org_ids

        return bool(user_org_ids(user))
    return False


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and request.path.startswith(tuple(settings.GONGKAI_SECOND_FACTOR_PATHS))
                and not user.is_verified() and request.path not in self._open_paths()
                and second_factor_required(user)):
            from django_otp import user_has_device

            target = "accounts:otp_verify" if user_has_device(user, confirmed=True) else "accounts:otp_enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {reverse(name) for name in ("accounts:otp_verify", "accounts:otp_enrol", "workbench:logout", "admin:logout")}
