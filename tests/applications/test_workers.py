"""The one-time token and the per-address limit hold across real worker processes: gunicorn with
three workers on the embedded SQLite default (and with Redis as the shared store when it runs),
posts on fresh connections from many threads at once (decision 0023)."""
from __future__ import annotations

import http.client
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .public_helpers import person_form

BIN = Path(sys.executable).parent
PORTS = range(18500, 18550)  # the data engineer's range (18550–18559: PostgreSQL clusters of the bench)


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module", params=["database", "cache"])
def server(request, tmp_path_factory):
    """One server per store for the module: starting three workers costs seconds."""
    store = request.param
    tmp_path = tmp_path_factory.mktemp(f"workers-{store}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), GONGKAI_MANIFEST_STATIC="false", SESSION_COOKIE_SECURE="false",
               CSRF_COOKIE_SECURE="false", GONGKAI_THROTTLE="apply=10/86400", GONGKAI_THROTTLE_STORE=store)
    if store == "cache":
        redis = pytest.importorskip("redis")
        try:
            client = redis.Redis.from_url("redis://127.0.0.1:6379/5")
            client.ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        prefix = f"gk-data-workers-{os.getpid()}"
        env.update(REDIS_URL="redis://127.0.0.1:6379/5", CACHE_KEY_PREFIX=prefix)
    subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([BIN / "gongkai", "org", "create", "wk", "工作进程测试机关"], env=env, check=True, capture_output=True)
    proc, port = _start(env)
    counted = _redis_count(client, prefix) if store == "cache" else _database_count(tmp_path / "gongkai.sqlite3")
    try:
        yield port, tmp_path / "gongkai.sqlite3", counted
    finally:
        proc.terminate()
        proc.wait(10)
        if store == "cache":
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)


def _start(env) -> tuple[subprocess.Popen, int]:
    """gunicorn on a free port of the range: several checkouts may run this test at once."""
    ports = list(PORTS)
    random.shuffle(ports)
    for port in ports:
        if not _free(port):
            continue
        proc = subprocess.Popen([BIN / "gunicorn", "gongkai.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}",
                                 "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if proc.poll() is not None:
                break  # could not bind (taken in the meantime): the next port
            if not _free(port):
                return proc, port
            time.sleep(0.1)
        proc.kill()
        proc.wait(10)
    pytest.fail("no free port in 18500–18549")


def _request(port: int, method: str, path: str, body: str = "", cookie: str = ""):
    """One request on a fresh connection, as ten browser tabs or a retrying proxy would send it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body.encode(), headers=headers)
    response = conn.getresponse()
    return response.status, response.getheader("Set-Cookie") or "", response.read().decode()


def _form(port: int):
    status, set_cookie, html = _request(port, "GET", "/apply/?org=wk")
    assert status == 200
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    middleware = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({**person_form(), "token": token, "csrfmiddlewaretoken": middleware})
    return body, f"csrftoken={csrf}"


def _database_count(db: Path):
    """The per-address counter of new applications, as the database store keeps it."""
    def count() -> int:
        with sqlite3.connect(db) as conn:
            row = conn.execute("select coalesce(sum(count), 0) from core_throttlecounter where bucket like '%throttle:apply:%'").fetchone()
        return row[0]
    return count


def _redis_count(client, prefix: str):
    """The same counter in Redis (Django's cache stores integers as plain numbers)."""
    def count() -> int:
        return sum(int(client.get(key)) for key in client.scan_iter(f"{prefix}*throttle:apply:*"))
    return count


def _applications(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("select number from applications_application")]


def test_it_makes_one_application_of_ten_posts_of_one_token_across_workers(server):
    port, db, _ = server
    body, cookie = _form(port)
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda _: _request(port, "POST", "/apply/?org=wk", body, cookie), range(10)))
    assert [status for status, _, _ in answers] == [302] * 10
    assert len(_applications(db)) == 1


def test_it_holds_the_address_limit_across_workers(server):
    port, db, counted = server
    # What the other test of this server spent counts too: its ten posts of one token made one
    # application, but posts that raced the first one's commit may each have been counted.
    used, before = counted(), len(_applications(db))
    assert 1 <= used <= 10
    forms = [_form(port) for _ in range(14)]
    with ThreadPoolExecutor(7) as pool:
        statuses = list(pool.map(lambda f: _request(port, "POST", "/apply/?org=wk", *f)[0], forms))
    accepted = statuses.count(302)
    assert accepted == 10 - used and statuses.count(429) == 14 - accepted
    assert len(set(_applications(db))) == before + accepted
