"""Bad input never reaches a view, and a database outage is never a 500 (decision 0026).

`InputGuardMiddleware` (first in MIDDLEWARE, after SecurityMiddleware) refuses, before anything is
read into memory or onto disk:
- a body larger than GONGKAI_MAX_REQUEST_BYTES, from its Content-Length (413);
- a NUL character or text that is not UTF-8 in the path, the query string, a form field or a JSON
  body (400) — PostgreSQL cannot store NUL, and no person types one.
Every refusal has a Chinese reason: JSON `{"detail": …}` under /api/, a short page elsewhere.

`server_error` is handler500: when the exception is the database being unreachable (or SQLite busy
past its timeout), it answers 503 with Retry-After instead — JSON under /api/, 503.html elsewhere —
and the next request reconnects by itself (CONN_HEALTH_CHECKS; broken connections are closed at the
end of the request).
"""
from __future__ import annotations

import json
import logging
import sys
import urllib.parse

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template import loader

log = logging.getLogger("gongkai.guard")

NUL = "请求中含有空字符（NUL），无法处理。请删除后重新提交。"
NOT_UTF8 = "请求中含有无法识别的字符（不是有效的 UTF-8 文本），请检查后重新提交。"
TOO_LARGE = "提交的内容过大（超过 {mb} MB），已拒绝接收。请压缩或拆分附件后重新提交。"
UNAVAILABLE = "系统暂时无法访问数据库，请稍后再试。您的操作未被保存，请在 {seconds} 秒后重新提交。"
BAD_MULTIPART = "提交的表单数据格式不正确（multipart 分隔符缺失或内容不完整），请重新提交。"
RETRY_AFTER_SECONDS = 5
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refusal(request: HttpRequest, status: int, reason: str, **headers) -> HttpResponse:
    if is_api(request):
        # "errors" (no field named: the whole request is refused) keeps the shape the API's schema
        # gives a 400 of its own, FieldError, so a client reads one shape (found by schemathesis).
        response = JsonResponse({"detail": reason, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        page = loader.get_template("refused.html").render({"status": status, "reason": reason})
        response = HttpResponse(page, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    response["Cache-Control"] = "no-store"
    return response


def _text_problem(raw: bytes) -> str | None:
    """NUL or not UTF-8, in percent-decoded bytes."""
    if b"\x00" in raw:
        return NUL
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8
    return None


def _query_problem(query: str) -> str | None:
    return _text_problem(urllib.parse.unquote_to_bytes(query.replace("+", " "))) if query else None


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_json_has_nul(k) or _json_has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(v) for v in value)
    return False


def body_problem(request: HttpRequest) -> str | None:
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return _query_problem(request.body.decode("latin-1"))
    if content_type == "multipart/form-data":
        try:
            request.POST  # parsed here, where a broken body can still be refused in words
        except MultiPartParserError:
            # No boundary, or a body that does not follow it: Django would answer its own 400 page,
            # HTML even under /api/ (found by schemathesis).
            return BAD_MULTIPART
        for values in request.POST.lists():
            if any("\x00" in v for v in values[1]) or "\x00" in values[0]:
                return NUL
        for upload in request.FILES.values():
            if "\x00" in (upload.name or ""):
                return NUL
        return None
    if content_type.endswith("json") and request.body:
        problem = _text_problem(request.body)
        if problem:
            return problem
        try:
            return NUL if _json_has_nul(json.loads(request.body)) else None
        except ValueError:
            return None  # not JSON: the API says so in its own words
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal(request, 400, "请求头 Content-Length 不正确")
        limit = settings.GONGKAI_MAX_REQUEST_BYTES
        if length > limit:
            # Refused from the header, before a byte of the body is read or spooled to disk.
            return refusal(request, 413, TOO_LARGE.format(mb=limit // (1024 * 1024)))
        # A path that is not UTF-8 Django re-percent-encodes (it then matches no page: 404); a NUL it keeps.
        problem = NUL if "\x00" in request.path_info or "%00" in request.path_info else None
        problem = problem or _query_problem(request.META.get("QUERY_STRING", ""))
        if problem is None and request.method in ("POST", "PUT", "PATCH"):
            problem = body_problem(request)
        if problem:
            return refusal(request, 400, problem)
        return self.get_response(request)


def _unavailable(exc: BaseException | None) -> bool:
    """The database cannot be reached or is busy past its timeout — not a bug of ours."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    # psycopg raises its own OperationalError subclasses; Django wraps most, not all.
    return isinstance(exc, DatabaseError) and type(exc).__module__.startswith("psycopg") and "connect" in str(exc).lower()


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """handler500: 503 with Retry-After for a database outage; else the plain 500 page."""
    exc = sys.exc_info()[1]
    if _unavailable(exc):
        log.warning("database unavailable: %s", exc)
        from django.db import connections

        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
        reason = UNAVAILABLE.format(seconds=RETRY_AFTER_SECONDS)
        if is_api(request):
            return refusal(request, 503, reason, Retry_After=str(RETRY_AFTER_SECONDS))
        page = loader.get_template("503.html").render({"reason": reason})
        return HttpResponse(page, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})
    from .error_views import server_error as plain_server_error

    return plain_server_error(request)
