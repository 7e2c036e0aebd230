"""Permissions-Policy: the browser features no page of Gongkai uses are switched off for every page
(and for anything that might be injected into one). The Content-Security-Policy comes from django-csp
(settings.CONTENT_SECURITY_POLICY)."""
from __future__ import annotations

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.GONGKAI_PERMISSIONS_POLICY_OFF)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
