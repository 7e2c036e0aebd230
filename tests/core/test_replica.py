"""A real streaming replica behind the database router (core/dbrouter.py, decision 0062): a PostgreSQL
primary and a `pg_basebackup -R` standby of this test's own (bench/pgpair.py, ports 19701–19702),
gunicorn on 19710 with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby.

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
import json
import os
import re
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
PRIMARY_PORT, REPLICA_PORT, HTTP_PORT = 19701, 19702, 19710
PASSWORD = "Gongkai-test-2026"

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

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
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
    pair = PgPair(PRIMARY_PORT, REPLICA_PORT)
    proc = None
    try:
        pair.start()
        pair.sql("primary", "create database gk_replica")
        data = tmp_path_factory.mktemp("replica")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL", "DJANGO_"))}
        env.update(DATABASE_URL=pair.url("primary", "gk_replica"), GONGKAI_DATA_DIR=str(data),
                   GONGKAI_MANIFEST_STATIC="false", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false",
                   DB_CONN_MAX_AGE="60", DJANGO_SETTINGS_MODULE="gongkai.settings")
        subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=env, check=True, capture_output=True, timeout=300)
        pending = subprocess.run([BIN / "gongkai", "shell", "-c", SETUP], env=env, check=True, capture_output=True,
                                 text=True, timeout=120).stdout.strip().splitlines()[-1]
        pair.make_replica()
        env["DATABASE_REPLICA_URL"] = pair.url("replica", "gk_replica")
        proc = subprocess.Popen([BIN / "gunicorn", "gongkai.wsgi", "--workers", "1", "--threads", "4",
                                 "--bind", f"127.0.0.1:{HTTP_PORT}", "--log-level", "warning"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                if Browser().get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield pair, int(pending)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(15)
        pair.stop()


def _titles(html: str) -> set[str]:
    return {t for t in ("早已发布的通知", "待发布的通知") if t in html}


def _paused(pair):
    pair.sql("replica", "select pg_wal_replay_pause()")
    # Paused means paused: the standby replays nothing more from here on.
    for _ in range(50):
        if pair.sql("replica", "select pg_get_wal_replay_pause_state()") == "paused":
            return
        time.sleep(0.1)


def test_reads_your_writes_while_the_standby_lags_and_anonymous_readers_get_the_standby(site):
    pair, pending = site
    assert pair.sql("replica", "select pg_is_in_recovery()") == "t"
    clerk, anonymous = Browser(), Browser()
    status, _, _ = clerk.post("/workbench/login/", {"username": "clerk", "password": PASSWORD})
    assert status == 302 and "sessionid" in clerk.cookies
    assert _titles(anonymous.get("/catalog/")[2]) == {"早已发布的通知"}

    _paused(pair)
    try:
        reads_before = int(pair.sql("replica", "select xact_commit from pg_stat_database where datname = 'gk_replica'"))
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

        # Anyone else reads the standby, which has not replayed the publication yet — search too (raw SQL).
        assert anonymous.get(item)[0] == 404
        assert _titles(anonymous.get("/catalog/")[2]) == {"早已发布的通知"}
        assert f'href="{item}"' not in anonymous.get(search)[2]
        reads_after = int(pair.sql("replica", "select xact_commit from pg_stat_database where datname = 'gk_replica'"))
        assert reads_after > reads_before, "the anonymous pages were read on the standby"
    finally:
        pair.sql("replica", "select pg_wal_replay_resume()")
    pair.wait_replayed()
    assert anonymous.get(item)[0] == 200
    # Caught up: the pin has done its work and is dropped; the client reads the standby again.
    assert pinned.get(item)[0] == 200
    assert "gk_primary" not in pinned.cookies


def test_with_the_primary_down_pages_keep_coming_from_the_standby_and_writes_get_503(site):
    pair, _ = site
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
    pair, _ = site
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
