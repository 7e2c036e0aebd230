"""Who is acting in this request, for audit entries written where no `by=` reaches (model signals,
password hooks). Set by ActorMiddleware for each request; empty on the command line."""
from __future__ import annotations

from contextvars import ContextVar

_actor: ContextVar = ContextVar("gongkai_actor", default=None)


def current_actor():
    return _actor.get()


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _actor.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)
