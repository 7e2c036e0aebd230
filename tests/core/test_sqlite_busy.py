"""On the embedded SQLite database, 80 writers at once all get through: they wait for the write lock
(BEGIN IMMEDIATE and a busy timeout) instead of failing with "database is locked" (decision 0026).
Runs in a process of its own on a database file: the tests' in-memory database locks differently."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent

SCRIPT = r"""
import json, threading
from concurrent.futures import ThreadPoolExecutor
import django
django.setup()
from django.db import connection
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.orgs.models import Organisation

org = Organisation.objects.get(code="busy")
start = threading.Barrier(80)
data = dict(applicant_type="natural_person", applicant_name="张三", id_type="resident_id",
            id_number="11010519491231002X", phone="13812345678", subject="并发写入测试", delivery="pickup",
            provision_form="paper")

def write(n):
    start.wait()
    try:
        services.application_submit_online(org=org, data={**data, "subject": f"并发写入测试第{n}件"})
        return "ok"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()

with ThreadPoolExecutor(80) as pool:
    results = list(pool.map(write, range(80)))
numbers = list(Application.objects.values_list("number", flat=True))
print(json.dumps({"errors": [r for r in results if r != "ok"], "stored": len(numbers), "unique": len(set(numbers))}))
"""


def test_eighty_concurrent_writers_on_sqlite_all_get_through(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.settings")
    subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([BIN / "gongkai", "org", "create", "busy", "并发测试机关"], env=env, check=True, capture_output=True)
    run = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"errors": [], "stored": 80, "unique": 80}
