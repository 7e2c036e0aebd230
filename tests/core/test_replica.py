"""A real streaming replica behind the database router (core/dbrouter.py, decision 0062): a PostgreSQL
primary and a `pg_basebackup -R` standby of this test's own (bench/pgpair.py, ports 19701–19702),
gunicorn on 19710 with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby
(GONGKAI_TEST_REPLICA_PORT=N moves the three to N, N+1 and N+9: two checkouts on one machine).

Replay on the standby is paused (`pg_wal_replay_pause()`) to make it lag as much as we like, so that
which server answered shows in what a reader sees:
- an anonymous reader gets the standby's (stale) pages;
- a clerk who publishes sees the item at once; so does a client holding only the read-your-writes
  pin, until the standby has replayed the write;
- with the primary stopped, anonymous pages keep coming from the standby, a form post is the 503
  with Retry-After, and everything works again once the primary is back.
"""
from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.pgpair import PgPair, available  # noqa: E402

from tests.applications.public_helpers import person_form  # noqa: E402

BIN = Path(sys.executable).parent
_BASE = int(os.environ.get("GONGKAI_TEST_REPLICA_PORT", "19701"))
PRIMARY_PORT, REPLICA_PORT, HTTP_PORT = _BASE, _BASE + 1, _BASE + 9
PASSWORD = "Gongkai-test-2026"
REQUEST_IDS = itertools.count(1)

SETUP = """
from gongkai.orgs.models import Organisation, Department, Membership, Role
from gongkai.catalog.models import Topic
from gongkai.catalog import services as catalog
from django.contrib.auth import get_user_model
import datetime as dt
User = get_user_model()
org = Organisation.objects.create(code="gzsti", name="贵州省科学技术厅", credit_code="11520000009390012X")
dept = Department.objects.create(org=org, name="政策法规与创新体系建设处")
def user(name, dept, role):
    u = User.objects.create_user(name, password="%s", first_name=name)
    Membership.objects.create(user=u, org=org, department=dept, role=role)
    return u
clerk, head, sup = user("clerk", dept, Role.CLERK), user("head", dept, Role.DEPT_HEAD), user("supervisor", None, Role.SUPERVISOR)
topic = Topic.objects.get(name="科技")
def item(title, steps):
    it = catalog.item_create_draft(org=org, by=clerk, data=dict(title=title, body="<p>各有关单位：现将申报工作通知如下。</p>",
        created_on=dt.date(2026, 3, 2), document_number="黔科通〔2026〕12号", kind="notice", department=dept, topic=topic))
    rev = it.revisions.get()
    for action, by in steps:
        catalog.revision_advance(revision_id=rev.pk, action=action, by=by)
    return rev
chain = [("submit", clerk), ("dept_approve", head), ("secrecy_approve", sup)]
item("早已发布的通知", chain + [("publish", clerk)])
print(item("待发布的通知", chain).pk)
""" % PASSWORD


class Browser:
    """One person's cookies over plain HTTP to the test's gunicorn."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.last_id = ""  # the X-Request-ID of the last request: its line in the server's request log

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        self.last_id = headers["X-Request-ID"] = f"replica-test-{next(REQUEST_IDS)}"
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{HTTP_PORT}/"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    cookie_value = rest.split(";", 1)[0]
                    if cookie_value in ("", '""') or "Max-Age=0" in value:
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = cookie_value
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        if "csrftoken" not in self.cookies:
            self.get("/workbench/login/")
        return self.request("POST", path, form)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reason = available()
    if reason:
        pytest.skip(reason)
    for port in (PRIMARY_PORT, REPLICA_PORT, HTTP_PORT):
        # Another checkout's run of this test on the same ports would answer in our place (its gunicorn
        # passes our health probe): refuse rather than test someone else's servers.
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                pytest.fail(f"port {port} is in use: set GONGKAI_TEST_REPLICA_PORT to a free range")
    pair = PgPair(PRIMARY_PORT, REPLICA_PORT)
    proc = None
    try:
        pair.start()
        pair.sql("primary", "create database gk_replica")
        data = tmp_path_factory.mktemp("replica")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL", "DJANGO_"))}
        env.update(DATABASE_URL=pair.url("primary", "gk_replica"), GONGKAI_DATA_DIR=str(data),
                   GONGKAI_MANIFEST_STATIC="false", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false",
                   DB_CONN_MAX_AGE="60", DJANGO_SETTINGS_MODULE="gongkai.settings",
                   GONGKAI_LOG_FORMAT="json", GONGKAI_REQUEST_LOG="true")
        subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=env, check=True, capture_output=True, timeout=300)
        pending = subprocess.run([BIN / "gongkai", "shell", "-c", SETUP], env=env, check=True, capture_output=True,
                                 text=True, timeout=120).stdout.strip().splitlines()[-1]
        pair.make_replica()
        env["DATABASE_REPLICA_URL"] = pair.url("replica", "gk_replica")
        log = data / "server.log"  # the request log: one JSON line per request, with the database it read
        proc = subprocess.Popen([BIN / "gunicorn", "gongkai.wsgi", "--workers", "1", "--threads", "4",
                                 "--bind", f"127.0.0.1:{HTTP_PORT}", "--log-level", "warning"],
                                env=env, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail(f"gunicorn exited: {log.read_text()[-2000:]}")
            try:
                if Browser().get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield pair, int(pending), log
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(15)
        pair.stop()


def _titles(html: str) -> set[str]:
    return {t for t in ("早已发布的通知", "待发布的通知") if t in html}


def _read_from(log: Path, request_id: str) -> str:
    """Which database the server says the request read from (`default` or `replica_1`)."""
    for _ in range(50):
        for line in log.read_text(encoding="utf-8").splitlines():
            if request_id in line and line.startswith("{"):
                record = json.loads(line)
                if record.get("request_id") == request_id and "db" in record:
                    return record["db"]
        time.sleep(0.1)
    raise AssertionError(f"no request log line for {request_id}")


def _paused(pair):
    pair.sql("replica", "select pg_wal_replay_pause()")
    # Paused means paused: the standby replays nothing more from here on.
    for _ in range(50):
        if pair.sql("replica", "select pg_get_wal_replay_pause_state()") == "paused":
            return
        time.sleep(0.1)


def test_reads_your_writes_while_the_standby_lags_and_anonymous_readers_get_the_standby(site):
    pair, pending, log = site
    assert pair.sql("replica", "select pg_is_in_recovery()") == "t"
    clerk, anonymous = Browser(), Browser()
    status, _, _ = clerk.post("/workbench/login/", {"username": "clerk", "password": PASSWORD})
    assert status == 302 and "sessionid" in clerk.cookies
    assert _titles(anonymous.get("/catalog/")[2]) == {"早已发布的通知"}

    _paused(pair)
    try:
        status, _, _ = clerk.post(f"/workbench/revisions/{pending}/advance/", {"action": "publish", "comment": ""})
        assert status == 302
        number = pair.sql("primary", f"select i.index_number from catalog_item i join catalog_revision r on r.item_id = i.id "
                                     f"where r.id = {pending}", db="gk_replica")
        assert number, "published on the primary"
        item = f"/items/{number}/"

        # The clerk who published sees it at once, from the primary.
        status, _, html = clerk.get(item)
        assert status == 200 and "待发布的通知" in html
        assert _titles(clerk.get("/catalog/")[2]) == {"早已发布的通知", "待发布的通知"}
        # So does a client holding only the pin the write left (no session: an API script, a new tab).
        pinned = Browser()
        pinned.cookies = {"gk_primary": clerk.cookies["gk_primary"]}
        assert pinned.get(item)[0] == 200

        search = "/search/?" + urllib.parse.urlencode({"q": "待发布的通知"})
        assert f'href="{item}"' in clerk.get(search)[2]

        assert _read_from(log, clerk.last_id) == "default"
        # Anyone else reads the standby, which has not replayed the publication yet — search too (raw SQL).
        # Which server answered is taken from the request log: the standby's pg_stat_database counters
        # are no proof, PostgreSQL 15 holds a busy backend's counts back for up to 10 s.
        assert anonymous.get(item)[0] == 404
        assert _read_from(log, anonymous.last_id) == "replica_1"
        assert _titles(anonymous.get("/catalog/")[2]) == {"早已发布的通知"}
        assert f'href="{item}"' not in anonymous.get(search)[2]
        assert _read_from(log, anonymous.last_id) == "replica_1"
    finally:
        pair.sql("replica", "select pg_wal_replay_resume()")
    pair.wait_replayed()
    status, _, html = anonymous.get(item)
    assert status == 200, (_read_from(log, anonymous.last_id), pair.sql("replica", "select pg_last_wal_replay_lsn()"), html[:200])
    # Caught up: the pin has done its work and is dropped; the client reads the standby again.
    assert pinned.get(item)[0] == 200
    assert "gk_primary" not in pinned.cookies


def test_with_the_primary_down_pages_keep_coming_from_the_standby_and_writes_get_503(site):
    pair, _, _ = site
    reader, clerk = Browser(), Browser()
    assert clerk.post("/workbench/login/", {"username": "clerk", "password": PASSWORD})[0] == 302
    pair.stop_primary()
    try:
        for path in ("/", "/catalog/", "/items/" + pair.sql("replica", "select index_number from catalog_item where "
                                                             "status = 'published' order by id limit 1", db="gk_replica") + "/"):
            status, _, html = reader.get(path)
            assert status == 200, (path, html[:300])
        # The apply form is read-only to show; submitting it needs the primary.
        status, _, form = reader.get("/apply/?org=gzsti")
        assert status == 200
        token = re.search(r'name="token" value="([^"]+)"', form).group(1)
        status, headers, html = reader.post("/apply/?org=gzsti", {**person_form(), "token": token})
        assert status == 503 and headers.get("Retry-After") == "5"
        assert "稍后再试" in html
        # The balancer keeps the server: it still serves pages, read-only.
        status, _, body = reader.get("/readyz")
        ready = json.loads(body)
        assert status == 200 and ready["status"] == "degraded"
        assert ready["checks"]["primary"]["ok"] is False and ready["checks"]["replica_1"]["role"] == "standby"
        # Signed-in staff read the primary: the workbench says it is unavailable, not a server error.
        status, headers, _ = clerk.get("/workbench/items/")
        assert status == 503 and headers.get("Retry-After")
    finally:
        pair.start_primary()
    assert clerk.get("/workbench/items/")[0] == 200
    assert reader.get("/catalog/")[0] == 200


def test_with_the_standby_down_anonymous_pages_come_from_the_primary(site):
    pair, _, _ = site
    reader = Browser()
    assert reader.get("/catalog/")[0] == 200  # a kept connection to the standby, about to go stale
    pair.stop_replica()
    try:
        status, _, html = reader.get("/catalog/")
        assert status == 200 and "早已发布的通知" in html
        status, _, body = reader.get("/readyz")
        assert status == 200 and json.loads(body)["status"] == "degraded"
    finally:
        pair.start_replica()
    pair.wait_replayed()
    status, _, body = reader.get("/readyz")
    assert json.loads(body)["status"] == "ok"
