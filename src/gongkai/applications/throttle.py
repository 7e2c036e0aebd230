"""Per-address limits on the public side of applications: guessing a query code on the tracking page
or the status API, and flooding the agency with submissions. No captcha service can be reached
from a government intranet, so a counter that every app server shares is the guard.

Fixed windows: a counter per (scope, address, window), raised atomically where all workers see it
(decision 0023) — Redis (`cache.incr`) when REDIS_URL is set, else one row of the database raised by
an upsert. Never one process's memory: `gongkai serve` runs several workers.
"""
from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest

# scope → (attempts, seconds); each can be set in settings as GONGKAI_THROTTLE = {"track": (20, 600)}.
DEFAULT_LIMITS = {
    "track": (20, 600),   # query-code guesses: 20 per 10 minutes per address
    "apply": (10, 3600),  # new applications: 10 an hour per address (a lawyer's office, not a bot)
    "comment": (20, 3600),  # comments on consultations (征求意见): 20 an hour per address
}

TOO_MANY = {
    "track": "查询过于频繁，请10分钟后再试。如需帮助，请与政府信息公开工作机构联系。",
    "apply": "提交过于频繁，请稍后再试。如需提交较多申请，请与政府信息公开工作机构联系。",
    "comment": "提交过于频繁，请稍后再试。较多的意见可以合并填写，或作为附件一次提交。",
}


def now() -> float:
    """The clock the windows are cut from (a function of its own so that tests can hold it still)."""
    return time.time()


def client_address(request: HttpRequest) -> str:
    """The caller's address. Behind our reverse proxy (BEHIND_PROXY) it is the last X-Forwarded-For
    entry — the one the proxy itself appended; earlier entries are whatever the client claimed."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def limit_for(scope: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "GONGKAI_THROTTLE", {})}[scope]


def throttle_hit(request: HttpRequest, scope: str) -> bool:
    """Counts one attempt; True while the address stays within the limit of SCOPE."""
    attempts, seconds = limit_for(scope)
    window = int(now() // seconds)
    key = f"gongkai:throttle:{scope}:{client_address(request)}:{window}"
    if settings.GONGKAI_THROTTLE_STORE == "cache":
        count = _cache_incr(key, seconds)
    else:
        count = _database_incr(key, (window + 1) * seconds)
    return count <= attempts


def _cache_incr(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first attempt of a new window
        cache.set(key, 1, timeout=seconds)
        return 1


def _database_incr(key: str, window_end: float) -> int:
    """One statement, atomic on SQLite (3.35+) and PostgreSQL: insert the window's row or raise it."""
    from gongkai.core.models import ThrottleCounter

    table = connection.ops.quote_name(ThrottleCounter._meta.db_table)
    expires_at = dt.datetime.fromtimestamp(window_end, tz=dt.timezone.utc)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, count, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (bucket) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, connection.ops.adapt_datetimefield_value(expires_at)],
        )
        count = cursor.fetchone()[0]
    if random.random() < 0.01:  # now and then, forget windows that are over
        ThrottleCounter.objects.filter(expires_at__lt=dt.datetime.fromtimestamp(time.time(), tz=dt.timezone.utc)).delete()
    return count
