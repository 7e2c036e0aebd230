"""With a real Celery worker process on Redis (decision 0054): the administrator's calendar change
answers at once, the worker recomputes the open cases, the job reaches done with the right due dates;
a mail the server refuses once is retried and sent once, even when its task is delivered again.
Everything runs on an embedded database file shared by the processes; skipped without Redis."""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import time
import uuid

import pytest

from .processes import BIN, SETUP, base_env, migrated_copy, python

REDIS = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/10")


def _redis_up() -> bool:
    host_port = REDIS.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="Redis is not reachable (GONGKAI_TEST_REDIS_URL)")

# The administrator enters 2026-10-09 as a holiday in admin, as a browser would (signed in, second
# factor given); prints the response's status and time and this process's id.
REQUEST = r"""
import json, os, time
import django
django.setup()
from django.test import Client
from tests.accounts.conftest import make_admin, verified
client = verified(Client(), make_admin("sysadmin", "system"))
started = time.perf_counter()
response = client.post("/admin/workdays/calendaroverride/add/", {"day": "2026-10-09", "name": "临时调整"})
seconds = time.perf_counter() - started
from gongkai.tasks.models import Job
job = Job.objects.get()
print(json.dumps({"status": response.status_code, "seconds": seconds, "job": job.pk, "pid": os.getpid()}))
"""

MAIL = r"""
import json
import django
django.setup()
from django.db import transaction
from gongkai.tasks.services import mail_queue
with transaction.atomic():
    mail = mail_queue(subject="【依申请公开】申请 2026-0001 即将到期", body="申请 2026-0001 请在工作台办理。", recipients=["clerk@kjt.example.gov.cn"])
print(json.dumps({"mail": mail.pk}))
"""

REDELIVER = r"""
import sys
import django
django.setup()
from gongkai.tasks.jobs import mail_send
mail_send.delay(int(sys.argv[1]))
print("{}")
"""


def _row(db, sql: str, *params):
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql, params).fetchone()


def _wait_for(db, sql: str, params: tuple, want, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = _row(db, sql, *params)
        if got == want:
            return got
        time.sleep(0.2)
    pytest.fail(f"{sql} {params}: still {_row(db, sql, *params)!r}, wanted {want!r}")


@pytest.fixture
def worker_env(migrated_template, tmp_path):
    queue = f"gongkai-test-{uuid.uuid4().hex[:12]}"
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    env = base_env(data_dir, CELERY_BROKER_URL=REDIS, CELERY_QUEUE=queue, GONGKAI_MAIL_RETRY_SECONDS="1",
                   EMAIL_BACKEND="tests.tasks.flaky_mail.RefusesFirstTry", EMAIL_FILE_PATH=str(tmp_path / "mails"))
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen([BIN / "gongkai", "worker", "--pool", "solo", "--loglevel", "WARNING"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        yield env, data_dir / "gongkai.sqlite3", tmp_path
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        import redis

        redis.Redis.from_url(REDIS).delete(queue, f"_kombu.binding.{queue}")


def test_the_calendar_change_answers_at_once_and_the_worker_recomputes(worker_env):
    env, db, _ = worker_env
    ids = json.loads(python(SETUP, "40", "2026-10-08", env=env))["ids"]
    assert _row(db, "SELECT COUNT(*) FROM applications_application WHERE effective_due_on = '2026-11-04'") == (40,)

    answered = json.loads(python(REQUEST, env=env))
    assert answered["status"] == 302

    _wait_for(db, "SELECT state, done, total FROM tasks_job WHERE id = ?", (answered["job"],), ("done", 40, 40))
    ran_by, result = _row(db, "SELECT ran_by, result FROM tasks_job WHERE id = ?", answered["job"])
    assert not ran_by.endswith(f":{answered['pid']}")  # the worker ran it, not the request's process
    assert json.loads(result) == {"recomputed": 40}
    # 10-09 a holiday: each count starts a working day later (tests/applications/test_clock_bulk.py).
    assert _row(db, "SELECT COUNT(*) FROM applications_application WHERE effective_due_on = '2026-11-05'") == (len(ids),)
    assert _row(db, "SELECT COUNT(*) FROM applications_event WHERE kind = 'recomputed'") == (40,)


def test_a_refused_mail_is_retried_by_the_worker_and_sent_once(worker_env):
    env, db, tmp_path = worker_env
    mail = json.loads(python(MAIL, env=env))["mail"]
    _wait_for(db, "SELECT state, attempts FROM tasks_mail WHERE id = ?", (mail,), ("sent", 2))
    python(REDELIVER, str(mail), env=env)  # the broker hands the same task out again
    time.sleep(3)
    assert _row(db, "SELECT state, attempts FROM tasks_mail WHERE id = ?", mail) == ("sent", 2)
    sent = [p for p in (tmp_path / "mails").iterdir() if not p.name.startswith("refused-")]
    assert len(sent) == 1 and "2026-0001" in sent[0].read_text()
