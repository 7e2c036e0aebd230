"""Reads on PostgreSQL streaming replicas, everything else on the primary (decision 0062).

Off unless DATABASE_REPLICA_URL (one replica) or DATABASE_REPLICA_URLS (several, comma-separated) is
set: then settings.DATABASES holds `replica_1` … `replica_N` beside `default`, and

- `ReplicaMiddleware` lets a request read from a replica only when it is a GET/HEAD/OPTIONS that
  carries no session cookie (the anonymous reader: signed-in staff, and a member of the public in the
  middle of a form, read what they wrote — from the primary) and no unexpired read-your-writes pin;
- a request that may have written (POST, PUT, PATCH, DELETE) leaves a pin: a cookie holding the
  primary's WAL position after it. The next requests read from the primary until the replica has
  replayed that position (`pg_last_wal_replay_lsn() >= pin`, one query on the replica), at most
  GONGKAI_REPLICA_PIN_SECONDS — so a lagging replica never shows a person less than they just did;
- `PrimaryReplicaRouter` sends every write, every read inside a transaction on the primary (so
  `select_for_update` and a service's read-then-write stay on one server), the session, lockout and
  second-factor tables, and everything outside a request (commands, cron, workers) to the primary;
  migrations run on the primary only;
- a replica that cannot be reached is skipped for the request; when the primary is down, anonymous
  pages keep coming from the replica, and a write gets the 503 with Retry-After of core/guard.py.

Which server a request read from is kept in a context variable, so threads and async tasks of one
process never see each other's choice; nothing about it is kept between requests in memory.
"""
from __future__ import annotations

import contextvars
import logging
import random
import re

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger("gongkai.dbrouter")

PRIMARY = "default"
PIN_COOKIE = "gk_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LSN = re.compile(r"^[0-9A-F]{1,8}/[0-9A-F]{1,8}$")
# Tables whose rows a person's next request must see at once, whoever reads them: the session that was
# just written at sign-in, the lockout counts (django-axes), the second-factor devices.
PRIMARY_ONLY_APPS = {"sessions", "axes", "otp_totp", "otp_static", "django_otp"}

_read_from: contextvars.ContextVar[str | None] = contextvars.ContextVar("gongkai_read_from", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def read_alias() -> str:
    """The database this request reads from (for logs and /readyz): `default` or `replica_N`."""
    return _read_from.get() or PRIMARY


def read_connection(model):
    """The connection this request reads MODEL from, for raw SQL — which does not pass through the
    router by itself (the search backends, the Q&A list's one-statement page)."""
    from django.db import router

    return connections[router.db_for_read(model)]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _read_from.get()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # a read inside a transaction belongs to that transaction
        return alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas are copies of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def pin_valid(value: str) -> bool:
    return bool(LSN.match(value or ""))


def replica_has_replayed(alias: str, lsn: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("select coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [lsn])
        return bool(cursor.fetchone()[0])


def primary_wal_position() -> str | None:
    """The primary's WAL position now: every transaction this request committed ends before it.
    The insert position, not pg_current_wal_lsn() (the write position): with synchronous_commit off
    a commit returns before its record is written, and a pin at the write position could let a
    replica that has not replayed the commit count as caught up."""
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("select pg_current_wal_insert_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:
        return None  # the primary is down: the write failed with it, nothing to pin


def _usable(alias: str) -> bool:
    try:
        conn = connections[alias]
        # A kept connection to a replica that went away fails its health check here and is replaced,
        # so the request learns now — not at its first query — whether to read the primary instead.
        conn.close_if_health_check_failed()
        conn.ensure_connection()
        return True
    except DatabaseError as exc:
        log.warning("replica %s unavailable, reading from the primary: %s", alias, exc)
        return False


def choose_read_alias(request) -> str | None:
    """A replica for this request, or None (the primary)."""
    aliases = replica_aliases()
    if not aliases or request.method not in SAFE_METHODS:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    random.shuffle(aliases)  # spread readers over the replicas; each request picks afresh
    pin = request.COOKIES.get(PIN_COOKIE, "")
    for alias in aliases:
        if not _usable(alias):
            continue
        if pin_valid(pin):
            try:
                if not replica_has_replayed(alias, pin):
                    continue
            except DatabaseError:
                continue
            request.gongkai_pin_done = True  # caught up: the cookie has done its work
        return alias
    return None


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(replica_aliases())

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        alias = choose_read_alias(request)
        request.gongkai_db = alias or PRIMARY
        token = _read_from.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _read_from.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 500:
            position = primary_wal_position()
            if position:
                response.set_cookie(PIN_COOKIE, position, max_age=settings.GONGKAI_REPLICA_PIN_SECONDS,
                                    httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        elif getattr(request, "gongkai_pin_done", False):
            response.delete_cookie(PIN_COOKIE, samesite="Lax")
        return response
