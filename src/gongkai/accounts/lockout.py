"""Lockout after repeated failures (django-axes, database handler: every worker sees the same counts).

Five failures within fifteen minutes lock the account name, and separately the address they came
from, for fifteen minutes (settings AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME, AXES_LOCKOUT_PARAMETERS),
on the workbench's sign-in and Django admin's alike: both sign in through `authenticate()`.
"""
from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The visitor's address, as the public intake's rate limits see it (X-Forwarded-For only behind
    a proxy we were told about); None when it is not an address (axes stores it in an IP column)."""
    import ipaddress

    from gongkai.applications.throttle import client_address

    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html",
                  {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}, status=429)
