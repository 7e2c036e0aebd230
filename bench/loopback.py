"""What the load benches share: the environment of a gunicorn they start on loopback, and one HTTP
request on a fresh connection (each simulated person opens its own, as browsers of different people do)."""
from __future__ import annotations

import http.client
import os
from pathlib import Path


def server_env(db_url: str, data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))}
    env.update(DATABASE_URL=db_url, GONGKAI_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="gongkai.settings",
               GONGKAI_MANIFEST_STATIC="false", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false",
               # Everyone comes from 127.0.0.1 here: the per-address limit would be the only thing measured.
               GONGKAI_THROTTLE="apply=100000000/3600", DB_CONN_MAX_AGE="60")
    env.update(extra)
    return env


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None,
            timeout: float = 30) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()
