"""Session limits: signed out after GONGKAI_SESSION_IDLE_SECONDS without a request (30 minutes by
default) and GONGKAI_SESSION_ABSOLUTE_SECONDS after signing in (8 hours), whatever happens between.

Sessions live in the database (or Redis with the database behind it), so every worker sees the
same ones; the times are kept in the session itself. Activity is written at most once a minute
(TOUCH_SECONDS) so that a busy page does not rewrite its session on every request.
"""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

AUTH_AT = "gk_auth_at"
SEEN_AT = "gk_seen_at"
TOUCH_SECONDS = 60


def now() -> float:
    """The clock (a function of its own so that tests can move it)."""
    return time.time()


def session_started(request) -> None:
    if request is None or not hasattr(request, "session"):
        return
    t = now()
    request.session[AUTH_AT] = t
    request.session[SEEN_AT] = t


def session_expiry_reason(session, t: float) -> str | None:
    """'absolute', 'idle' or None: the rule a session signed in at AUTH_AT and last seen at SEEN_AT breaks."""
    auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
    if auth_at is None or seen_at is None:
        return None
    if t - auth_at >= settings.GONGKAI_SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if t - seen_at >= settings.GONGKAI_SESSION_IDLE_SECONDS:
        return "idle"
    return None


MESSAGES = {
    "idle": "您已超过 {minutes} 分钟未操作，为安全起见已退出登录，请重新登录。",
    "absolute": "本次登录已超过 {hours} 小时，为安全起见已退出登录，请重新登录。",
}


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            t = now()
            if AUTH_AT not in request.session:  # a session from before these limits: starts now
                session_started(request)
            reason = session_expiry_reason(request.session, t)
            if reason:
                request.gongkai_logout_reason = reason
                logout(request)
                messages.warning(request, MESSAGES[reason].format(
                    minutes=settings.GONGKAI_SESSION_IDLE_SECONDS // 60,
                    hours=f"{settings.GONGKAI_SESSION_ABSOLUTE_SECONDS / 3600:g}"))
            elif t - request.session[SEEN_AT] >= TOUCH_SECONDS:
                request.session[SEEN_AT] = t
        return self.get_response(request)
