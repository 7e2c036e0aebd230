"""The portal's pages for anonymous readers, from a shared cache, invalidated exactly (decision 0046).

One number, the page *generation*, says which cached pages may still be served. It lives where every
worker and every server sees it — Redis when REDIS_URL is set, else a row of the database — and it is
raised after every commit that wrote to a table public pages are made from (WATCHED_TABLE_PREFIXES).
Writes are seen at the database connection (an execute wrapper), not at each service: a queryset
update(), a bulk import, the admin and raw SQL are caught the same way as a publish through
catalog.services, so no service has to remember to invalidate anything.

A page is cached under its address with the generation (and the Beijing date: consultations open and
close by date) it was rendered at, and served only while both are still current. The generation is
read before the page reads its data, and raised only after the change committed; so a page stored
under the current generation can never be older than the newest change (see the decision for the
argument). Its value is a time in microseconds that only rises, so it also gives Last-Modified, and a
generation lost from Redis restarts from the clock without going back.

Only the views in CACHED_VIEWS are cached, only for a request without a session (staff always carry
one) and only a 200 that sets no cookie (a page with a CSRF token sets one, so a form's page is never
stored) and does not forbid storing. Every such page also gets a strong ETag (a hash of the body) and
Last-Modified, and conditional GETs are answered 304.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import logging
import re
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.http import http_date, parse_http_date_safe

log = logging.getLogger(__name__)

# The public pages served from the cache (URL names). Forms' pages (apply, write, track, a
# consultation's page with its comment form) are not here: they are never_cache and carry a token.
CACHED_VIEWS = frozenset({
    "portal:home", "portal:catalog", "portal:item", "portal:search", "portal:guide", "portal:non_public",
    "portal:rules", "portal:rule", "portal:statutory", "portal:statutory_category", "portal:functions",
    "portal:on_request", "portal:specials", "portal:special", "portal:sitemap_html", "portal:feed",
    "portal:sitemap", "portal:sitemap_section",
    "interaction_public:list", "interaction_public:detail",
    "consultation_public:list", "consultation_public:suggestions", "consultation_public:suggestion",
    "reports_public:index", "reports_public:detail", "reports_public:version",
    "press:list",
})

# Tables (by their app's prefix) that public pages are made from: a committed write to any of them
# raises the generation. New tables of these apps are watched without anyone remembering to.
WATCHED_TABLE_PREFIXES = frozenset({
    "orgs", "workdays", "catalog", "interaction", "consultation", "publicity", "reports", "search", "portal",
})
# Written often and shown on no public page: staff roles, review steps, reminder bookkeeping.
IGNORED_TABLES = frozenset({"orgs_membership", "catalog_reviewstep", "interaction_reminder"})

GLOBAL = "global"
_GENERATION_KEY = "pagecache:generation"
_WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)', re.I)


# --- the generation ---------------------------------------------------------------------------------

def _now_us() -> int:
    return time.time_ns() // 1000


def _store() -> str:
    return settings.GONGKAI_PAGECACHE_GENERATION


def _pages():
    return caches["pages"]


# Raise to max(old + 1, now) in one step, so that two servers raising at once both count.
_RAISE = """
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = tonumber(ARGV[1])
if n <= v then n = v + 1 end
redis.call('SET', KEYS[1], string.format('%d', n))
return n
"""


def _read_generation() -> int:
    if _store() == "cache":
        value = _pages().get(_GENERATION_KEY)
        if value is None:
            # Lost (evicted, flushed) or never set: restart from the clock, later than any before.
            _pages().add(_GENERATION_KEY, _now_us(), None)
            value = _pages().get(_GENERATION_KEY) or 0
        return int(value)
    if _store() == "file":
        try:
            return int(Path(settings.GONGKAI_PAGECACHE_FILE).read_bytes() or 0)
        except FileNotFoundError:
            return 0
    from .models import PageGeneration

    value = PageGeneration.objects.filter(scope=GLOBAL).values_list("value", flat=True).first()
    return int(value or 0)


def _bump_file(now: int) -> int:
    """Under an exclusive lock (bumps queue), the new value written to a fresh file and renamed over
    the old one: a reader opens either file whole, never half of one."""
    import fcntl
    import os

    path = Path(settings.GONGKAI_PAGECACHE_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            old = int(path.read_bytes() or 0)
        except (FileNotFoundError, ValueError):
            old = 0
        value = max(old + 1, now)
        fresh = path.with_suffix(f".{os.getpid()}")
        fresh.write_bytes(str(value).encode())
        os.replace(fresh, path)
    return value


def bump() -> int:
    """Raises the generation: every cached page is stale from now on, in every process and server."""
    now = _now_us()
    if _request_generation.get() != _OUTSIDE:
        _request_generation.set(None)
    if _store() == "cache":
        pages = _pages()
        client = pages._cache.get_client(write=True)
        return int(client.eval(_RAISE, 1, pages.make_and_validate_key(_GENERATION_KEY), now))
    if _store() == "file":
        return _bump_file(now)
    from django.db.models import F, Value
    from django.db.models.functions import Greatest

    from .models import PageGeneration

    rows = PageGeneration.objects.filter(scope=GLOBAL)
    if not rows.update(value=Greatest(F("value") + 1, Value(now))):
        PageGeneration.objects.get_or_create(scope=GLOBAL, defaults={"value": now})
    return now


# Set by `gongkai migrate` (core/management/commands/migrate.py) for as long as it runs: its writes raise
# nothing, and the generation is raised once at its end (bump_after_migrate).
quiet_writes: contextvars.ContextVar[bool] = contextvars.ContextVar("pagecache_quiet_writes", default=False)


def bump_after_migrate(using: str = "default") -> None:
    """Once at the end of a migrate. When the migrate stopped before the generation's table was made
    (store "database"), there is nothing to raise: no page can have been cached from that database."""
    from django.db import connections

    from .models import PageGeneration

    if _store() == "database" and PageGeneration._meta.db_table not in connections[using].introspection.table_names():
        return
    try:
        bump()
    except Exception:  # noqa: BLE001 - Redis down, the file not writable: the migration itself went through
        log.exception("迁移后未能更新页面缓存代次：缓存的页面可能滞后，最长 %s 秒", settings.GONGKAI_PAGECACHE_TIMEOUT)


def _bump_after_commit() -> None:
    try:
        bump()
    except Exception:  # noqa: BLE001 - the change itself is committed; say loudly that pages may lag
        log.exception("页面缓存代次未能更新：缓存的页面可能滞后，最长 %s 秒", settings.GONGKAI_PAGECACHE_TIMEOUT)


# The generation read once per request (and dropped when this request raises it): every cached count
# and every page of one request then agree, and a list page does not ask Redis ten times. Outside a
# request (commands, task workers) it is read each time: nothing may keep it longer than a request.
_OUTSIDE = -1
_request_generation: contextvars.ContextVar[int | None] = contextvars.ContextVar("pagecache_generation", default=_OUTSIDE)


def generation() -> int:
    value = _request_generation.get()
    if value == _OUTSIDE:
        return _read_generation()
    if value is None:
        value = _read_generation()
        _request_generation.set(value)
    return value


# --- seeing the writes ------------------------------------------------------------------------------

@lru_cache(maxsize=512)
def _watched(table: str) -> bool:
    return table not in IGNORED_TABLES and table.split("_", 1)[0] in WATCHED_TABLE_PREFIXES


def _writes_watched(sql) -> bool:
    if not isinstance(sql, str):
        return False
    head = sql.lstrip()[:1]
    if head not in "IiUuDdRr" or not head:
        return False
    match = _WRITE.match(sql)
    return bool(match) and _watched(match.group(1).lower())


def _on_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _writes_watched(sql) and not quiet_writes.get():
        connection = context["connection"]
        if connection.in_atomic_block:
            # Once per transaction: skip when a raise is already queued at this or an outer savepoint
            # (one queued inside a savepoint since released or rolled back does not count).
            open_ids = set(connection.savepoint_ids)
            if any(func is _bump_after_commit and set(sids) <= open_ids for sids, func, *_ in connection.run_on_commit):
                return result
        transaction.on_commit(_bump_after_commit, using=connection.alias)
    return result


def watch(sender, connection, **kwargs) -> None:
    """connection_created: every new database connection reports its writes."""
    if _on_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_on_write)


# --- the key ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def release() -> str:
    """What every page is made from besides the database: the code and templates (by content, so that
    servers of one release share pages, and a deploy starts afresh), the static files' manifest (the
    hashed names pages link to) and the settings pages show."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".txt", ".xml") and "migrations" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    shown = [settings.GONGKAI_SITE, settings.GONGKAI_PAGE_SIZE, settings.STATIC_URL, settings.DEBUG,
             settings.TIME_ZONE, settings.LANGUAGE_CODE, settings.STORAGES["staticfiles"]["BACKEND"]]
    digest.update(json.dumps(shown, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def _page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(f"{release()}|{address}".encode()).hexdigest()


@lru_cache(maxsize=4096)
def _cached_view(path: str) -> bool:
    try:
        return resolve(path).view_name in CACHED_VIEWS
    except Resolver404:
        return False


def _today() -> str:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()


def _midnight_us(day: str) -> int:
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return int(start.timestamp()) * 1_000_000


# --- the middleware ---------------------------------------------------------------------------------

class Entry:
    __slots__ = ("generation", "day", "etag", "last_modified", "headers", "content")

    def __init__(self, generation, day, etag, last_modified, headers, content):
        self.generation, self.day, self.etag = generation, day, etag
        self.last_modified, self.headers, self.content = last_modified, headers, content

    def __getstate__(self):
        return (self.generation, self.day, self.etag, self.last_modified, self.headers, self.content)

    def __setstate__(self, state):
        self.generation, self.day, self.etag, self.last_modified, self.headers, self.content = state


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _cache_control() -> str:
    max_age = settings.GONGKAI_PAGECACHE_MAX_AGE
    # no-cache: browsers and proxies may keep the page but ask again each time (a 304 when unchanged),
    # so nobody is shown a page older than the newest change; a max-age trades that for fewer requests.
    return f"public, max-age={max_age}" if max_age else "public, no-cache"


def _not_modified(request: HttpRequest, etag: str, changed_us: int) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when sent; else If-Modified-Since, which is trusted only
    when the newest change is older than the second it names (Last-Modified counts whole seconds)."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and changed_us < since * 1_000_000


def _answer(request: HttpRequest, entry: Entry, changed_us: int, hit: bool) -> HttpResponse:
    if _not_modified(request, entry.etag, changed_us):
        response = HttpResponse(status=304)
        for name in ("Vary", "Content-Language"):
            if name in entry.headers:
                response[name] = entry.headers[name]
    else:
        response = HttpResponse(entry.content)
        for name, value in entry.headers.items():
            response[name] = value
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = _cache_control()
    response["X-Page-Cache"] = "hit" if hit else "miss"
    return response


class PageCacheMiddleware:
    """Placed before the session and authentication middleware: a cached page is answered without them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_generation.set(None)
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(token)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not settings.GONGKAI_PAGECACHE or request.method not in ("GET", "HEAD") or not _cached_view(request.path_info):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            # Signed in (or with a message waiting): rendered for this person only, kept by no shared cache.
            response = self.get_response(request)
            if response.status_code == 200 and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"
            return response
        day = _today()
        key = _page_key(request)
        try:
            if _store() == "cache":
                # One round trip for both: the generation and the page.
                found = _pages().get_many([_GENERATION_KEY, key])
                current = found.get(_GENERATION_KEY)
                current = int(current) if current is not None else generation()
                _request_generation.set(current)
                entry = found.get(key)
            else:
                current = generation()
                entry = _pages().get(key)
        except Exception:  # noqa: BLE001 - without the cache the page is still served, only slower
            log.exception("页面缓存不可用，本次请求直接生成页面")
            return self.get_response(request)
        changed_us = max(current, _midnight_us(day))
        if isinstance(entry, Entry) and entry.generation == current and entry.day == day:
            return _answer(request, entry, changed_us, hit=True)
        started = time.time()
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        if _request_generation.get() != current:
            # This request itself raised the generation (it wrote): what it rendered is not stored.
            return response
        headers = {name: value for name, value in response.items() if name not in ("Set-Cookie", "Date")}
        entry = Entry(current, day, '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"',
                      int(started), headers, response.content)
        try:
            _pages().set(key, entry, settings.GONGKAI_PAGECACHE_TIMEOUT)
        except Exception:  # noqa: BLE001
            log.exception("页面缓存不可用，页面未存入缓存")
        if _not_modified(request, entry.etag, changed_us):
            return _answer(request, entry, changed_us, hit=False)
        response["ETag"] = entry.etag
        response["Last-Modified"] = http_date(entry.last_modified)
        response["Cache-Control"] = _cache_control()
        response["X-Page-Cache"] = "miss"
        return response
