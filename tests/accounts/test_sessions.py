"""Sessions end after 30 minutes without a request (GONGKAI_SESSION_IDLE_SECONDS) and 8 hours after
signing in (GONGKAI_SESSION_ABSOLUTE_SECONDS), whatever happens between. Clock held in the test."""
from __future__ import annotations

import pytest

from gongkai.accounts import sessions
from gongkai.audit.models import AuditEntry

from .conftest import login_post, PASSWORD

T0 = 1_900_000_000.0


@pytest.fixture
def clock(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(sessions, "now", lambda: now["t"])
    return now


def _signed_in(client, user, clock):
    assert login_post(client, user.username, PASSWORD, remote="10.9.0.1").status_code == 302
    assert client.get("/workbench/").status_code == 200


@pytest.mark.parametrize("minutes_away, still_in", [(29, True), (30, False), (45, False)])
def test_it_ends_a_session_idle_for_thirty_minutes(client, clerk, clock, minutes_away, still_in):
    _signed_in(client, clerk, clock)
    clock["t"] += minutes_away * 60
    response = client.get("/workbench/")
    assert (response.status_code == 200) is still_in
    if not still_in:
        assert response.status_code == 302 and "/workbench/login/" in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert "已超过 30 分钟未操作" in page
        assert AuditEntry.objects.filter(action="auth.logout", data__reason="idle", actor=clerk).exists()


def test_activity_keeps_a_session_alive_until_the_absolute_limit(client, clerk, clock):
    _signed_in(client, clerk, clock)
    # A request every 20 minutes: never idle for 30 — but 8 hours after signing in it ends all the same.
    for _ in range(int(8 * 60 / 20) - 1):
        clock["t"] += 20 * 60
        assert client.get("/workbench/").status_code == 200
    clock["t"] = T0 + 8 * 3600
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert "已超过 8 小时" in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="auth.logout", data__reason="absolute").exists()


def test_the_limits_are_settings(client, clerk, clock, settings):
    settings.GONGKAI_SESSION_IDLE_SECONDS = 5 * 60
    _signed_in(client, clerk, clock)
    clock["t"] += 5 * 60
    assert client.get("/workbench/").status_code == 302


def test_sessions_are_kept_where_every_worker_sees_them(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_AGE == settings.GONGKAI_SESSION_ABSOLUTE_SECONDS
