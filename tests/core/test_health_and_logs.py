"""The load balancer's probes and the request log (decision 0063)."""
from __future__ import annotations

import json
import logging
import os
import socket

import pytest
from django.db import OperationalError

from gongkai.core import health
from gongkai.core.logs import JsonFormatter, RequestIdFilter


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")  # no django_db mark: any query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["primary"]["ok"] is True


@pytest.mark.django_db
def test_probes_answer_a_balancer_over_plain_http_by_address(client, settings):
    """The balancer asks each server by its IP over HTTP: neither the HTTPS redirect nor the host check
    may turn the probe into a 301 or a 400."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["gongkai.example.gov.cn"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/catalog/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_readyz_is_503_when_no_database_answers_and_names_no_address(client, monkeypatch):
    def down():
        raise OperationalError('connection to server at "10.0.0.9", port 5432 failed')

    monkeypatch.setattr(health, "_database", lambda alias: down)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["primary"] == {"ok": False, "error": "OperationalError", "ms": body["checks"]["primary"]["ms"]}
    assert "10.0.0.9" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_checks_a_configured_extra_check(client, settings):
    settings.GONGKAI_READY_CHECKS = {"ocr": "tests.core.test_health_and_logs.service_down"}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["ocr"]["ok"] is False


def service_down():
    raise ConnectionRefusedError("ocr")


def _refusing_port() -> int:
    """A loopback port (of this engineer's range) where nothing listens: connecting is refused."""
    for port in range(19890, 19900):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 19890–19899")


def _redis_up(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


BROKER = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/10")


@pytest.mark.django_db
def test_readyz_checks_the_task_broker_and_keeps_serving_pages_when_it_is_down(client, settings):
    """With a broker (not inline), /readyz opens a connection to it. Down, the server stays in the
    balancer — pages and forms are served, background work waits in the database (Job and Mail rows
    stay queued) — so: 200 "degraded", and the check says what it costs."""
    if not _redis_up(BROKER):
        pytest.skip(f"Redis is not reachable at {BROKER} (GONGKAI_TEST_REDIS_URL)")
    settings.GONGKAI_TASKS_INLINE = False
    settings.CELERY_BROKER_URL = BROKER
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["broker"]["ok"] is True

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_refusing_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["ok"] is False and body["checks"]["broker"]["error"] == "OperationalError"
    assert body["checks"]["broker"]["impact"] == "background_work_waits"
    assert body["checks"]["broker"]["ms"] < 3000
    assert "127.0.0.1" not in response.content.decode()
    assert client.get("/catalog/").status_code == 200


@pytest.mark.django_db
def test_readyz_has_no_broker_check_in_inline_mode(client, settings):
    settings.GONGKAI_TASKS_INLINE = True
    assert "broker" not in client.get("/readyz").json()["checks"]


@pytest.mark.django_db
def test_each_request_is_logged_once_with_its_id_status_duration_and_no_query_string(client, caplog):
    with caplog.at_level(logging.INFO, logger="gongkai.request"):
        response = client.get("/catalog/?q=张三&org=gzsti", HTTP_X_REQUEST_ID="lb-1234")
    assert response["X-Request-ID"] == "lb-1234"
    records = [r for r in caplog.records if r.name == "gongkai.request"]
    assert len(records) == 1
    record = records[0]
    assert (record.status, record.path, record.org, record.db) == (200, "/catalog/", "gzsti", "default")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "lb-1234" and line["status"] == 200 and line["duration_ms"] >= 0
    assert "张三" not in json.dumps(line, ensure_ascii=False)


def test_an_unusable_request_id_from_outside_is_replaced(client, caplog):
    response = client.get("/healthz")  # answered before the log: no id needed
    assert "X-Request-ID" not in response
    with caplog.at_level(logging.INFO, logger="gongkai.request"):
        response = client.get("/favicon.ico", HTTP_X_REQUEST_ID="bad id\nforged line")
    assert response["X-Request-ID"] != "bad id\nforged line" and len(response["X-Request-ID"]) == 32


def test_json_lines_carry_the_request_id_of_other_records_too():
    record = logging.LogRecord("gongkai.guard", logging.WARNING, __file__, 1, "database unavailable: %s", ("x",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "database unavailable: x" and line["level"] == "warning" and line["logger"] == "gongkai.guard"
