"""With DEBUG off and a production environment, `gongkai check --deploy` has nothing to report.

Runs the real command in a subprocess, because settings are read once from the environment at start-up.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# What a production installation sets (TLS ends at a reverse proxy that sends X-Forwarded-Proto).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "GONGKAI_REQUIRE_SECRET": "true",
    "ALLOWED_HOSTS": "kjt.guizhou.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://kjt.guizhou.gov.cn",
    "DATABASE_URL": "postgres://gongkai@127.0.0.1:5432/gongkai",
    "BEHIND_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    # Harmless unless the domain's owner submits it to the preload list; without it, check --deploy
    # reports security.W021 (a reminder, not a weakness).
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    # Secrets kept outside the database (decisions 0024, 0025): required in production.
    "GONGKAI_DATA_KEYS": "ZmVybmV0LWtleS1mb3ItdGhlLWRlcGxveS1jaGVjayE=",
    "GONGKAI_INDEX_KEY": secrets.token_hex(32),
    "GONGKAI_AUDIT_KEY": secrets.token_hex(32),
}


def gongkai(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("gongkai")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gongkai.cli"]
    # A clean environment: nothing from the developer's shell (DEBUG=true, …) may leak in.
    base = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "GONGKAI_DATA_DIR": str(tmp_path / "data"),
            "LANG": "C.UTF-8"}
    return subprocess.run([*command, *args], env={**base, **env}, capture_output=True, text=True, timeout=120)


def test_it_passes_the_deployment_check_in_production(tmp_path):
    run = gongkai("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "System check identified no issues (0 silenced)." in report


def test_it_turns_hsts_on_with_the_https_redirect(tmp_path):
    """Declaring the site HTTPS-only is enough: HSTS for a year, subdomains included, follows by default."""
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("SECURE_HSTS_")}
    run = gongkai("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    report = run.stdout + run.stderr
    assert "security.W004" not in report and "security.W005" not in report
    assert "security.W021" in report  # preload stays the operator's explicit choice


@pytest.mark.parametrize(
    "weakening, warning",
    [
        ({"SESSION_COOKIE_SECURE": "false"}, "security.W012"),
        ({"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECRET_KEY": "short"}, "security.W009"),
        ({"DEBUG": "true"}, "security.W018"),
        ({"GONGKAI_SUPERUSER_LOGIN": "true"}, "gongkai.W001"),  # the superuser is for installation only
    ],
)
def test_it_reports_a_weakened_production_setup(tmp_path, weakening, warning):
    """The check above would catch a regression: each of these weakenings is reported."""
    run = gongkai("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, **weakening}, tmp_path=tmp_path)
    assert run.returncode != 0 and warning in run.stdout + run.stderr


@pytest.mark.parametrize("name, value", [("DEBUG", "flase"), ("SECURE_HSTS_SECONDS", "-1"), ("SECURE_HSTS_SECONDS", "a year")])
def test_it_refuses_to_start_on_a_mistyped_security_setting(tmp_path, name, value):
    run = gongkai("check", "--deploy", env={**PRODUCTION, name: value}, tmp_path=tmp_path)
    assert run.returncode != 0 and name in run.stderr


def test_it_refuses_to_start_without_a_secret_key_when_production_requires_one(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    run = gongkai("check", "--deploy", env=env, tmp_path=tmp_path)
    assert run.returncode != 0 and "SECRET_KEY" in run.stderr
