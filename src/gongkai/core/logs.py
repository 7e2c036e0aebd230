"""One log line per request, and JSON logs when GONGKAI_LOG_FORMAT=json (decision 0063).

`RequestLogMiddleware` gives every request an id — the proxy's `X-Request-ID` when it sends a sane
one, else a new one — answers it in `X-Request-ID`, and logs on `gongkai.request` at INFO: method,
path (never the query string: it may hold a query code or a name), status, duration in ms, the
database the request read from (`default` or `replica_N`), the organisation (`?org=`, or what a view
put in `request.gongkai_org`) and the signed-in user's id. Every other log record of the request
carries the same id, so one request's lines can be found together.

`JsonFormatter` writes each record as one JSON object per line — what log collectors (Loki, ELK,
Vector) read without a parsing rule; the team's figures (requests per second, error rate, p95
latency per path, replica share) are counted from these lines (decision 0063).
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

log = logging.getLogger("gongkai.request")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_request_id", default="")
SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "duration_ms", "db", "org", "user", "request_id")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            value = getattr(record, field, None)
            if value not in (None, ""):
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if SANE_ID.match(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if log.isEnabledFor(logging.INFO):
                user = getattr(request, "user", None)
                fields = {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "db": getattr(request, "gongkai_db", "default"),
                    "org": getattr(request, "gongkai_org", "") or request.GET.get("org", "")[:40],
                    # Only a user already loaded: logging must not cost a session query.
                    "user": user.pk if user is not None and _loaded(user) and user.is_authenticated else None,
                }
                log.info("%s %s %s %.1fms", fields["method"], fields["path"], fields["status"], fields["duration_ms"],
                         extra=fields)
            return response
        finally:
            _request_id.reset(token)


def _loaded(user) -> bool:
    """A SimpleLazyObject that has been evaluated (the view looked at the user)."""
    from django.utils.functional import empty

    return getattr(user, "_wrapped", empty) is not empty
