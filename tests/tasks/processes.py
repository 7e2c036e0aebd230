"""Helpers of the tests that run Gongkai in processes of their own (a worker, two cron runs): an
embedded database file migrated once per test session and copied for each test — the tests' own
in-memory database cannot be shared between processes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]

# Creates an agency, its 信息员 and 公开主管 (with e-mail) and N open applications received on RECEIVED.
SETUP = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.contrib.auth.models import User
from gongkai.applications import services
from gongkai.orgs.models import Membership, Organisation, Role

n, received = int(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
org = Organisation.objects.create(code="gzsti", name="贵州省科学技术厅", credit_code="11520000009390012X")
clerk = User.objects.create_user("clerk", email="clerk@kjt.example.gov.cn")
supervisor = User.objects.create_user("supervisor", email="zhuguan@kjt.example.gov.cn")
Membership.objects.create(user=clerk, org=org, role=Role.CLERK)
Membership.objects.create(user=supervisor, org=org, role=Role.SUPERVISOR)
ids = []
for i in range(n):
    app = services.application_register(org=org, by=clerk, channel="letter", received_on=received, data=dict(
        applicant_type="natural_person", applicant_name="张三", id_type="resident_id", id_number="11010519491231002X",
        phone="13812345678", subject=f"2025年度省科技计划项目立项清单（第{i}项）", provision_form="paper", delivery="pickup"))
    ids.append(app.pk)
print(json.dumps({"ids": ids}))
"""


def base_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "REDIS_URL", "CELERY_", "GONGKAI_", "EMAIL_"))}
    env.update(GONGKAI_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="gongkai.settings", PYTHONPATH=str(ROOT),
               GONGKAI_AUDIT_CHECKPOINT_EVERY="0", LANG="C.UTF-8")
    env.update(extra)
    return env


def migrated_copy(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def migrate(data_dir: Path) -> None:
    subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=base_env(data_dir), check=True, capture_output=True,
                   timeout=300)


def python(script: str, *args: str, env: dict, timeout: int = 300) -> str:
    run = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout.strip().splitlines()[-1]
