"""`/healthz` and `/readyz` for the load balancer (decision 0063).

Answered by the first middleware, before the HTTPS redirect, the host check, sessions and the router:
a balancer probes each app server by its address over plain HTTP, and the answer must not depend on
its Host header.

- `/healthz` — liveness: the process answers. No database, no cache: a database outage must not get
  every app server restarted.
- `/readyz` — readiness, JSON, `Cache-Control: no-store`: the primary, each replica (with its replay
  lag), the cache when it is shared (Redis), the task queue's broker when there is one (not in inline
  mode), and every check named in GONGKAI_READY_CHECKS. 200 `"ok"`; 200 `"degraded"` when pages can
  still be served — the primary down but a replica up (read-only), a replica down (reads go to the
  primary), or the broker down (background work waits: each Job and Mail row stays queued and is sent
  again once the broker answers; the check says `"impact": "background_work_waits"`); 503
  `"unavailable"` when no database answers or the shared cache does not. Each check says ok/ms and,
  failing, only the exception's class: addresses and messages go to the log, not to the public.
"""
from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.utils.module_loading import import_string

log = logging.getLogger("gongkai.health")


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        extra = check() or {}
        result = {"ok": True, **extra}
    except Exception as exc:  # a probe reports every failure; it must never itself fail
        log.warning("readiness check failed: %s: %s", type(exc).__name__, exc)
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database(alias: str):
    def check() -> dict:
        conn = connections[alias]
        with conn.cursor() as cursor:
            if conn.vendor != "postgresql":
                cursor.execute("select 1")
                return {}
            cursor.execute("select pg_is_in_recovery(), "
                           "extract(epoch from now() - pg_last_xact_replay_timestamp())")
            in_recovery, lag = cursor.fetchone()
        if alias == "default":
            return {"role": "standby" if in_recovery else "primary"}
        return {"role": "standby" if in_recovery else "primary", "replay_lag_seconds": None if lag is None else round(float(lag), 3)}
    return check


def _cache() -> dict:
    key = "gongkai:readyz"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not keep a value")
    return {}


BROKER_TIMEOUT = 2  # seconds: a balancer's probe must answer well within its own timeout


def _broker() -> dict:
    """One connection to the broker (Redis or RabbitMQ), opened and closed: kombu pings Redis when it
    opens a channel, and AMQP's handshake is a round trip."""
    from gongkai.tasks.queue import app

    options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "socket_connect_timeout": BROKER_TIMEOUT,
               "socket_timeout": BROKER_TIMEOUT}
    with app.connection_for_write(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT,
                                  transport_options=options) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, interval_max=0, timeout=BROKER_TIMEOUT)
    return {}


# Checks whose failure leaves pages and forms served: the server stays in the balancer, "degraded".
SOFT = {"broker": "background_work_waits"}


def readiness() -> tuple[int, dict]:
    checks = {"primary": _timed(_database("default"))}
    replicas = [alias for alias in settings.DATABASES if alias.startswith("replica_")]
    for alias in replicas:
        checks[alias] = _timed(_database(alias))
    shared_cache = bool(getattr(settings, "REDIS_URL", ""))
    if shared_cache:
        checks["cache"] = _timed(_cache)
    if not getattr(settings, "GONGKAI_TASKS_INLINE", True):
        checks["broker"] = _timed(_broker)
    for name, path in getattr(settings, "GONGKAI_READY_CHECKS", {}).items():
        checks[name] = _timed(import_string(path))
    db_up = [checks[a]["ok"] for a in ["primary", *replicas]]
    for name, impact in SOFT.items():
        if name in checks and not checks[name]["ok"]:
            checks[name]["impact"] = impact
    others_ok = all(c["ok"] for n, c in checks.items() if n != "primary" and n not in replicas and n not in SOFT)
    soft_ok = all(checks[n]["ok"] for n in SOFT if n in checks)
    if not any(db_up) or not others_ok:
        status = "unavailable"
    elif all(db_up) and soft_ok:
        status = "ok"
    else:
        status = "degraded"
    return (503 if status == "unavailable" else 200), {"status": status, "checks": checks}


def _json(status: int, body: dict) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json",
                        headers={"Cache-Control": "no-store"})


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path == "/healthz":
            return _json(200, {"status": "ok"})
        if path == "/readyz":
            status, body = readiness()
            return _json(status, body)
        return self.get_response(request)
