"""Sign-in and permissions.

- Permissions of Django admin come from the administrator's duty (duties.py), not from groups or
  per-user permissions.
- The superuser is for installation only: unless GONGKAI_SUPERUSER_LOGIN is on (it is with DEBUG,
  and `gongkai check --deploy` warns when it is on in production), a superuser cannot sign in and an
  existing superuser session is no longer honoured.
"""
from __future__ import annotations

from django.conf import settings
from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from .duties import permissions_for


def superuser_may_sign_in() -> bool:
    return bool(getattr(settings, "GONGKAI_SUPERUSER_LOGIN", settings.DEBUG))


def duty_of(user) -> str | None:
    cached = getattr(user, "_gongkai_duty", ...)
    if cached is ...:
        from .models import AdminDuty

        cached = AdminDuty.objects.filter(user_id=user.pk).values_list("duty", flat=True).first()
        user._gongkai_duty = cached
    return cached


class GongkaiBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if user is not None and user.is_superuser and not superuser_may_sign_in():
            return False
        return super().user_can_authenticate(user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username and request is not None:
            # Tell the audit log why a right password of the superuser was refused.
            from django.contrib.auth import get_user_model

            candidate = get_user_model()._default_manager.filter(username=username, is_superuser=True).first()
            if candidate is not None and not superuser_may_sign_in() and candidate.check_password(password):
                request.gongkai_superuser_refused = True
        return user

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return permissions_for(duty_of(user_obj))

    def get_group_permissions(self, user_obj, obj=None):
        return set()


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first of AUTHENTICATION_BACKENDS. A sign-in from the network always
    comes with its request (Django's login forms, admin's); code that checks a password without one
    (a command, a test) has no address to count and is not locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
