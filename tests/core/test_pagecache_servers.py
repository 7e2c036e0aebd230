"""Two app servers on different ports sharing one database (and, in production, one Redis): a page
cached on either is never served stale after a publish through the other; a session made on one
holds on the other; failed sign-ins count across both (decision 0046). Once on the embedded default
(SQLite, pages and generation in files of the shared data folder) and once on PostgreSQL with Redis.
Real gunicorn servers, two workers each, talked to over fresh HTTP connections."""
from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

BIN = Path(sys.executable).parent
PORTS = list(range(19300, 19400))  # this engineer's range
PASSWORD = "Zhengce-Fagui-7x"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/8"

SETUP = f"""
import json
from django.contrib.auth.models import User
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Topic
from gongkai.orgs.models import Department, Membership, Organisation, Role
org = Organisation.objects.create(code="twosrv", name="双服务器测试机关", credit_code="11520000009390012X")
dept = Department.objects.create(org=org, name="办公室")
users = {{}}
for name, role, d in (("xinxi", Role.CLERK, dept), ("chuzhang", Role.DEPT_HEAD, dept), ("zhuguan", Role.SUPERVISOR, None)):
    users[name] = User.objects.create_user(name, password="{PASSWORD}")
    Membership.objects.create(user=users[name], org=org, department=d, role=role)
def draft(title):
    item = catalog.item_create_draft(org=org, by=users["xinxi"], data=dict(
        title=title, body="<p>正文。</p>", kind="notice", department=dept, topic=Topic.objects.get(name="科技"),
        created_on="2026-03-02"))
    return item.revisions.get()
def advance(rev, *steps):
    for action, by in steps:
        catalog.revision_advance(revision_id=rev.pk, action=action, by=users[by])
chain = [("submit", "xinxi"), ("dept_approve", "chuzhang"), ("secrecy_approve", "zhuguan")]
advance(draft("两台服务器之前公开的通知"), *chain, ("publish", "xinxi"))
ready = draft("经由甲服务器发布的通知")
advance(ready, *chain)
print(json.dumps({{"revision": ready.pk, "item": ready.item_id}}))
"""


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _start(env: dict) -> tuple[subprocess.Popen, int]:
    ports = PORTS[:]
    random.shuffle(ports)
    for port in ports:
        if not _free(port):
            continue
        proc = subprocess.Popen([BIN / "gunicorn", "gongkai.wsgi:application", "--workers", "2", "--bind",
                                 f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if proc.poll() is not None:
                break  # could not bind (taken meanwhile): the next port
            if not _free(port):
                return proc, port
            time.sleep(0.1)
        proc.kill()
        proc.wait(10)
    pytest.fail("no free port in 19300–19399")


class Browser:
    """Cookies kept by name, each request on a fresh connection to whichever server is named."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Referer": f"http://127.0.0.1:{port}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        conn.close()
        return response, content

    def sign_in(self, port: int, username: str, password: str) -> int:
        self.request(port, "GET", "/workbench/login/")  # the CSRF cookie
        response, _ = self.request(port, "POST", "/workbench/login/", {"username": username, "password": password})
        return response.status


@pytest.fixture(params=["sqlite", "postgresql"])
def servers(request, tmp_path):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "GONGKAI_DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "false",
           "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false", "GONGKAI_MANIFEST_STATIC": "false"}
    cleanup = []
    if request.param == "postgresql":
        psycopg = pytest.importorskip("psycopg")
        redis = pytest.importorskip("redis")
        name = f"gk_cache_servers_{os.getpid()}"
        try:
            with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")
            client = redis.Redis.from_url(REDIS)
            client.ping()
        except (psycopg.OperationalError, redis.exceptions.ConnectionError):
            pytest.skip("no PostgreSQL on 5432 or no Redis on 6379")
        prefix = f"gk-cache-servers-{os.getpid()}"
        env.update(DATABASE_URL=f"{PG}/{name}", REDIS_URL=REDIS, CACHE_KEY_PREFIX=prefix)

        def drop():
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cleanup.append(drop)
    subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=env, check=True, capture_output=True, timeout=600)
    made = subprocess.run([BIN / "gongkai", "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True,
                          timeout=300)
    ids = json.loads(made.stdout.strip().splitlines()[-1])
    procs = []
    try:
        a = _start(env)
        procs.append(a[0])
        b = _start(env)
        procs.append(b[0])
        yield a[1], b[1], ids
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        for step in cleanup:
            step()


def _anonymous(port: int, path: str):
    response, content = Browser().request(port, "GET", path)
    assert response.status == 200, (port, path, response.status)
    return response.getheader("X-Page-Cache"), content


def test_two_servers_one_database_no_stale_page_shared_sessions_and_lockout(servers):
    a, b, ids = servers
    for port in (a, b, b, a, b):  # both workers of each server, each page cached
        state, html = _anonymous(port, "/catalog/")
        assert "两台服务器之前公开的通知" in html and "经由甲服务器发布的通知" not in html
    assert _anonymous(b, "/catalog/")[0] == "hit"

    clerk = Browser()
    assert clerk.sign_in(a, "xinxi", PASSWORD) == 302
    response, _ = clerk.request(b, "GET", "/workbench/")
    assert response.status == 200, "the session made on server A holds on server B"
    response, _ = clerk.request(a, "POST", f"/workbench/revisions/{ids['revision']}/advance/", {"action": "publish"})
    assert response.status == 302
    for port in (b, b, a, b, a):  # at once, on every worker of both servers
        state, html = _anonymous(port, "/catalog/")
        assert "经由甲服务器发布的通知" in html, f"stale page on port {port} ({state})"
    assert "经由甲服务器发布的通知" in _anonymous(b, "/")[1]
    link = re.search(r'href="(/items/[^"]+)">经由甲服务器发布的通知', html).group(1)
    assert "经由甲服务器发布的通知" in _anonymous(b, link)[1]

    # Failed sign-ins counted across both servers: the fifth locks the account on either.
    stranger = Browser()
    statuses = [stranger.sign_in(port, "chuzhang", "wrong-password") for port in (a, b, a, b, a)]
    assert statuses == [200, 200, 200, 200, 429]
    assert Browser().sign_in(b, "chuzhang", PASSWORD) == 429
    assert Browser().sign_in(a, "chuzhang", PASSWORD) == 429
