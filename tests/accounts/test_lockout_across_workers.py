"""The lockout holds across processes: gunicorn with three workers on one embedded database, each
sign-in on a fresh connection; the access log names the worker (pid) that answered each request."""
from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

PORT = 18401  # this engineer's range: 18400–18499
PASSWORD = "Zhengce-Fagui-7"


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "GONGKAI_DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "false",
            "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false", "GONGKAI_MANIFEST_STATIC": "false"}


def _gongkai(*args: str, env: dict) -> None:
    script = Path(sys.executable).with_name("gongkai")
    subprocess.run([str(script), *args], env=env, check=True, capture_output=True, timeout=300)


def _sign_in(username: str, password: str) -> int:
    """GET the form, POST it: two fresh connections, as two separate visits would be."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", "/workbench/login/")
    page = conn.getresponse()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    conn.request("POST", "/workbench/login/", body, {"Cookie": f"csrftoken={cookie}", "Referer": f"http://127.0.0.1:{PORT}/",
                                                     "Content-Type": "application/x-www-form-urlencoded"})
    status = conn.getresponse().status
    conn.close()
    return status


def _wait_for_port() -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start")


def test_five_failures_lock_the_account_in_every_worker(tmp_path):
    env = _env(tmp_path)
    _gongkai("migrate", "--noinput", env=env)
    _gongkai("shell", "-c", f"from django.contrib.auth.models import User; User.objects.create_user('xinxi', password='{PASSWORD}')",
             env=env)
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", "3",
         # An idle machine lets one worker accept every connection; a worker replaced after every
         # second request makes the sign-ins land in several processes, none remembering the last.
         "--max-requests", "2", "--max-requests-jitter", "0",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "--no-control-socket"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port()
        assert [_sign_in("xinxi", "wrong-password") for _ in range(4)] == [200] * 4
        assert _sign_in("xinxi", "wrong-password") == 429   # the fifth locks
        assert [_sign_in("xinxi", PASSWORD) for _ in range(6)] == [429] * 6  # the right password, in any worker
    finally:
        server.terminate()
        server.wait(timeout=30)
    posts = [line.split()[0] for line in log.read_text().splitlines() if " POST /workbench/login/" in line]
    assert len(posts) == 11
    assert len(set(posts)) >= 2, "the sign-ins were answered by more than one worker process"
