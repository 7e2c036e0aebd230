"""Concurrent writes across agencies (issue 11, "Writes"; `BENCH_WRITES=true make bench`, or
`python -m bench.writes_bench`): members of the public submitting applications and staff taking
catalogue items through the review chain, in BENCH_WRITES_ORGS (50) agencies at once, against
gunicorn and PostgreSQL. Loopback only, bounded in time; figures to bench/out/writes-<label>.json.

- Database gk_writes_bench on BENCH_PG_URL's server (dropped and made again each run), Redis DB 11 for
  the throttle and cache (as production has it: a database throttle row would be one more single point).
- gunicorn (gthread, BENCH_WRITES_WORKERS × BENCH_WRITES_THREADS) on 127.0.0.1:19610.
- BENCH_WRITES_PUBLIC (50) threads, each a person submitting `POST /api/v1/applications/` to a random
  agency; one staff thread per agency (its 信息员, 处室负责人 and 公开主管 signed in), each drafting an
  item and taking it through 提交审核 → 处室负责人签字 → 保密审查通过 → 发布: five writes per item.
- Every write is one HTTP request whose transaction ends with its audit entry (and checkpoint).
- A sampler reads pg_stat_activity every 50 ms: the share of the database's busy backends that wait
  on a lock — the queue on the audit chain's head when there is one.
- Afterwards: each gunicorn worker's resident memory (/proc/PID/status VmRSS) after the load; the
  database counted (what is stored is what counts as written) and `audit_check()` verifies.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import loopback

OUT = Path(__file__).resolve().parent / "out"
HTTP_PORT = 19610
BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = "gk_writes_bench"
DB_URL = f"{SERVER}/{DB_NAME}"
CSRF = "benchwritescsrftoken0123456789ab"  # 32 characters: Django accepts the unmasked secret as the token

SETUP = r"""
import json, sys
import django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from gongkai.orgs.models import Department, Membership, Organisation, Role
n = int(sys.argv[1])
sessions = []
for i in range(1, n + 1):
    org = Organisation.objects.create(code=f"w{i:02d}", name=f"压测第{i}厅", credit_code=f"11520000{i:08d}X"[:18])
    dept = Department.objects.create(org=org, name="政策法规处")
    users = {}
    for role, who in ((Role.CLERK, "clerk"), (Role.DEPT_HEAD, "head"), (Role.SUPERVISOR, "supervisor")):
        user = User.objects.create_user(f"{who}{i:02d}")  # signed in below: no password to hash
        Membership.objects.create(user=user, org=org, department=None if role == Role.SUPERVISOR else dept, role=role)
        client = Client()
        client.force_login(user)
        users[who] = client.cookies["sessionid"].value
    sessions.append({"org": org.code, "dept": dept.pk, **users})
print(json.dumps(sessions))
"""

CHECK = r"""
import json, sys
import django
django.setup()
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_check
from gongkai.catalog.models import Item, ReviewStep
t0 = __import__("time").monotonic()
verdict = audit_check()
print(json.dumps({
    "applications": Application.objects.count(), "items": Item.objects.count(),
    "published": Item.objects.filter(status="published").count(),
    "steps": {a: ReviewStep.objects.filter(action=a).count() for a in ("submit", "dept_approve", "secrecy_approve", "publish")},
    "audit_entries": AuditEntry.objects.count(), "audit_ok": verdict.ok, "audit_reason": verdict.reason,
    "verify_seconds": round(__import__("time").monotonic() - t0, 2),
}))
"""

LOCKS = """select count(*) filter (where wait_event_type = 'Lock'), count(*) from pg_stat_activity
           where datname = %s and state in ('active', 'idle in transaction') and pid <> pg_backend_pid()"""


def env(data_dir: Path) -> dict:
    return loopback.server_env(DB_URL, data_dir, REDIS_URL=os.environ.get("BENCH_WRITES_REDIS", "redis://127.0.0.1:6379/11"))


def request(method: str, path: str, body: bytes = b"", headers: dict | None = None, timeout: float = 60):
    return loopback.request(HTTP_PORT, method, path, body, headers, timeout)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Load:
    def __init__(self, seconds: float, sessions: list[dict]):
        self.deadline = time.monotonic() + seconds
        self.t0 = time.monotonic()
        self.sessions = sessions
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.failed: dict[str, int] = {}
        self.statuses: dict[int, int] = {}
        self.counter = 0

    def _note(self, kind: str, ok: bool, elapsed: float, status: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if ok:
                self.latencies.setdefault(kind, []).append(elapsed)
            else:
                self.failed[kind] = self.failed.get(kind, 0) + 1

    def public(self, n: int) -> None:
        rng = random.Random(n)
        while time.monotonic() < self.deadline:
            with self.lock:
                self.counter += 1
                k = self.counter
            org = rng.choice(self.sessions)["org"]
            body = json.dumps({"org": org, "applicant_type": "natural_person", "applicant_name": f"申请人{k % 997}",
                               "id_type": "passport", "id_number": f"E{k:08d}", "phone": f"138{k:08d}",
                               "email": f"p{k}@example.com", "subject": f"压测申请第{k}件：2025年度科技计划项目立项清单",
                               "delivery": "email", "provision_form": "email"}, ensure_ascii=False).encode()
            start = time.monotonic()
            try:
                status, _, _ = request("POST", "/api/v1/applications/", body,
                                       {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex})
            except (OSError, http.client.HTTPException):
                status = 0
            self._note("submission", status == 201, time.monotonic() - start, status)

    def _post(self, kind: str, session: str, path: str, fields: dict) -> tuple[int, dict]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF, **fields}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": f"sessionid={session}; csrftoken={CSRF}"}
        start = time.monotonic()
        try:
            status, got, _ = request("POST", path, body, headers)
        except (OSError, http.client.HTTPException):
            status, got = 0, {}
        self._note(kind, status == 302, time.monotonic() - start, status)
        return status, got

    def staff(self, i: int) -> None:
        s = self.sessions[i]
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            status, got = self._post("draft", s["clerk"], "/workbench/items/new/", {
                "title": f"关于{s['org']}第{n}批科技计划项目立项的通知", "summary": "压测条目", "created_on": time.strftime("%Y-%m-%d"),
                "body": f"各有关单位：现将第{n}批项目立项情况予以公布。", "kind": "notice", "validity": "valid",
                "department": str(s["dept"]), "publisher": "", "keywords": "科技 项目", "document_number": ""})
            found = re.search(r"/workbench/items/(\d+)/", got.get("Location", ""))
            if status != 302 or not found:
                time.sleep(0.5)
                continue
            # The review steps name the revision; the item page says which (a read, not counted as a write).
            try:
                page = request("GET", f"/workbench/items/{found.group(1)}/",
                               headers={"Cookie": f"sessionid={s['clerk']}; csrftoken={CSRF}"})[2].decode()
            except (OSError, http.client.HTTPException):
                continue
            revision = re.search(r"/workbench/revisions/(\d+)/advance/", page)
            if not revision:
                continue
            path = f"/workbench/revisions/{revision.group(1)}/advance/"
            for who, action in (("clerk", "submit"), ("head", "dept_approve"), ("supervisor", "secrecy_approve"), ("clerk", "publish")):
                if time.monotonic() >= self.deadline:
                    break
                self._post(action, s[who], path, {"action": action, "comment": ""})


def workers_rss_mb(master: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), from /proc, in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
        sizes.append(round(kb / 1024, 1))
    return sorted(sizes)


def sampler(stop: threading.Event, samples: list) -> None:
    import psycopg

    with psycopg.connect(DB_URL, autocommit=True) as conn:
        while not stop.is_set():
            samples.append(conn.execute(LOCKS, [DB_NAME]).fetchone())
            stop.wait(0.05)


def main(label: str) -> dict:
    import psycopg

    orgs = int(os.environ.get("BENCH_WRITES_ORGS", "50"))
    public = int(os.environ.get("BENCH_WRITES_PUBLIC", "50"))
    seconds = float(os.environ.get("BENCH_WRITES_SECONDS", "30"))
    workers, threads = os.environ.get("BENCH_WRITES_WORKERS", "4"), os.environ.get("BENCH_WRITES_THREADS", "8")
    OUT.mkdir(parents=True, exist_ok=True)
    data_dir = OUT / "writes-data"
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE template0 LC_CTYPE \'C.UTF-8\' LC_COLLATE \'C.UTF-8\'')
    e = env(data_dir)
    subprocess.run(["redis-cli", "-n", "11", "flushdb"], check=False, capture_output=True)
    subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=e, check=True, capture_output=True)
    sessions = json.loads(subprocess.run([sys.executable, "-c", SETUP, str(orgs)], env=e, check=True,
                                         capture_output=True, text=True).stdout.strip().splitlines()[-1])
    log = open(OUT / "writes-gunicorn.log", "w")
    server = subprocess.Popen([BIN / "gunicorn", "gongkai.wsgi", "-k", "gthread", "--workers", workers, "--threads", threads,
                               "--bind", f"127.0.0.1:{HTTP_PORT}", "--log-level", "error", "--timeout", "120",
                               "--backlog", "512"], env=e, stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(300):
            try:
                if request("GET", "/", timeout=2)[0] in (200, 302):
                    break
            except OSError:
                time.sleep(0.1)
        load = Load(seconds, sessions)
        stop, samples = threading.Event(), []
        watching = threading.Thread(target=sampler, args=(stop, samples))
        load_avg = os.getloadavg()[0]
        watching.start()
        with ThreadPoolExecutor(public + orgs) as pool:
            running = [pool.submit(load.public, n) for n in range(public)]
            running += [pool.submit(load.staff, i) for i in range(orgs)]
            for f in running:
                f.result()
        elapsed = time.monotonic() - load.t0
        stop.set()
        watching.join()
        rss = workers_rss_mb(server.pid)
        check = json.loads(subprocess.run([sys.executable, "-c", CHECK], env=e, check=True, capture_output=True,
                                          text=True).stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait(30)
    # A workbench step answers 302 whether it was taken or refused (the message says which): what is
    # counted as written is what the database holds.
    stored = check["applications"] + check["items"] + sum(check["steps"].values())
    every = [x for v in load.latencies.values() for x in v]
    waiting = sum(w for w, _ in samples)
    busy = sum(b for _, b in samples)
    result = {
        "label": label, "date": time.strftime("%Y-%m-%d %H:%M %Z"), "load": f"{load_avg:.1f}/{os.getloadavg()[0]:.1f}",
        "orgs": orgs, "public_clients": public, "staff_clients": orgs, "seconds": round(elapsed, 1),
        "workers": int(workers), "threads": int(threads),
        "writes": stored, "writes_per_s": round(stored / elapsed, 1), "answered": len(every),
        "p50_ms": round(percentile(every, 50) * 1000), "p99_ms": round(percentile(every, 99) * 1000),
        "by_kind": {k: {"n": len(v), "per_s": round(len(v) / elapsed, 1), "p50_ms": round(percentile(v, 50) * 1000),
                        "p99_ms": round(percentile(v, 99) * 1000)} for k, v in sorted(load.latencies.items())},
        "failed": load.failed, "statuses": {str(k): v for k, v in sorted(load.statuses.items())},
        "lock_wait_share": round(waiting / busy, 3) if busy else 0.0, "lock_samples": len(samples),
        "mean_busy_backends": round(busy / len(samples), 1) if samples else 0.0,
        "worker_rss_mb": rss, "check": check,
    }
    (OUT / f"writes-{label}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default=os.environ.get("BENCH_WRITES_LABEL", "after"))
    print(json.dumps(main(parser.parse_args().label), ensure_ascii=False, indent=1))
