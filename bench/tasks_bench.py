"""Benchmark of background work (issue 11, decision 0054): the administrator's calendar-change request
over 100,000 open applications — inline (the recompute inside the request, as before the task queue)
and with a Celery worker (the request only queues the job) — and the worker's recompute time.

`python -m bench.tasks_bench --open 100000 --out F` with DATABASE_URL naming the benchmark's database
(the data set of bench/applications_bench.py, built once and reused) and BENCH_TASKS_REDIS the broker
(default redis://127.0.0.1:6379/10; a queue of its own, removed at the end). A worker process
(`gongkai worker --pool solo`, one process: the recompute is one job) is started for the second part.

Steps, each through Django admin's form as the system administrator (test Client, in process):
  1. inline: CHANGE_DAY made a holiday — the request runs the job as it commits;
  2. worker: made a working day again — the request queues the job; the worker runs it;
  3. worker: a holiday again; then the stored due dates are checked against the rules;
  4. the move of step 2 as one call in one transaction, in process (as before the queue);
and the data set is put back (override removed, every open case recomputed, events deleted).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid

from .applications_bench import CHANGE_DAY, _reset, _timed, build, stamp, verify
from .build import _db_url, _django

ADMIN = "bench-sysadmin"


def _admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.accounts.models import Duty
    from gongkai.accounts.services import duty_assign

    user = get_user_model().objects.filter(username=ADMIN).first()
    if user is None:
        user = get_user_model().objects.create_user(ADMIN, password=uuid.uuid4().hex)
        duty_assign(user_id=user.pk, duty=Duty.SYSTEM, by=None)
        TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = user.totpdevice_set.get().persistent_id  # second factor given
    session.save()
    return client


def _change(client, *, is_workday: bool) -> tuple[int, float, int]:
    """The admin form: add CHANGE_DAY, or change its existing override. (status, seconds, job id)"""
    from gongkai.tasks.models import Job
    from gongkai.workdays.models import CalendarOverride

    existing = CalendarOverride.objects.filter(day=CHANGE_DAY).first()
    path = (f"/admin/workdays/calendaroverride/{existing.pk}/change/" if existing
            else "/admin/workdays/calendaroverride/add/")
    form = {"day": CHANGE_DAY.isoformat(), "name": "基准测试"}
    if is_workday:
        form["is_workday"] = "on"
    started = time.perf_counter()
    response = client.post(path, form)
    seconds = round(time.perf_counter() - started, 3)
    return response.status_code, seconds, Job.objects.order_by("-pk").values_list("pk", flat=True).first()


def _job(pk: int) -> dict:
    from gongkai.tasks.models import Job

    job = Job.objects.get(pk=pk)
    run = (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else None
    return {"state": job.state, "moved": job.result.get("recomputed"), "done": job.done, "total": job.total,
            "worker_seconds": round(run, 2) if run is not None else None, "ran_by": job.ran_by,
            "queued_to_done": round((job.finished_at - job.created_at).total_seconds(), 2) if job.finished_at else None}


def _wait(pk: int, timeout: float = 600) -> dict:
    from gongkai.tasks.models import Job

    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        job = Job.objects.filter(pk=pk).values("state", "done", "total").get()
        if not seen or seen[-1] != (job["done"], job["total"]):
            seen.append((job["done"], job["total"]))
        if job["state"] in ("done", "failed"):
            return {**_job(pk), "progress_seen": len(seen)}
        time.sleep(0.1)
    raise RuntimeError(f"job {pk} not done after {timeout} s")


def _worker(queue: str):
    env = dict(os.environ, CELERY_QUEUE=queue)
    proc = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gongkai"), "worker", "--pool", "solo",
                             "--loglevel", "WARNING"], env=env)
    time.sleep(8)  # Django and Celery start; a job sent earlier would wait in the queue anyway
    return proc


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--open", type=int, default=100_000)
    ap.add_argument("--closed", type=int, default=50_000)
    ap.add_argument("--orgs", type=int, default=20)
    ap.add_argument("--verify", type=int, default=1000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    _db_url()
    from .httpbench import _env

    queue = f"gongkai-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(_env())
    os.environ.update(CELERY_BROKER_URL=os.environ.get("BENCH_TASKS_REDIS", "redis://127.0.0.1:6379/10"),
                      CELERY_QUEUE=queue, GONGKAI_AUDIT_CHECKPOINT_EVERY="0")
    _django()
    from django.db import connection

    from gongkai.applications.clock import applications_recompute
    from gongkai.applications.models import Application
    from gongkai.tasks.queue import app
    from gongkai.workdays.models import CalendarOverride

    load = os.getloadavg()[0]
    loaded, load_seconds = _timed(lambda: build(args.open, args.closed, 1000, args.orgs))
    _reset()
    client = _admin_client()
    result: dict = {"vendor": connection.vendor, "open": args.open, "change_day": CHANGE_DAY.isoformat(),
                    "load_seconds": load_seconds if loaded else None}

    app.conf.task_always_eager = True  # step 1: inline, as the embedded default runs
    status, seconds, job = _change(client, is_workday=False)
    result["inline"] = {"status": status, "request_seconds": seconds, **_job(job)}
    print("  inline:", result["inline"], flush=True)

    app.conf.task_always_eager = False
    worker = _worker(queue)
    try:
        for name, is_workday in (("worker_workday_again", True), ("worker_holiday_again", False)):
            status, seconds, job = _change(client, is_workday=is_workday)
            result[name] = {"status": status, "request_seconds": seconds, **_wait(job)}
            print(f"  {name}:", result[name], flush=True)
        result["verify"] = verify(args.verify, 2026)
        print("  verify:", result["verify"], flush=True)
        # The same move as step 2 as it ran before the queue: one call, one transaction, in process
        # (the override changed behind the clock's back) — what the chunks and the worker cost on top.
        from django.db.models import Q
        from django.db.models.functions import Coalesce

        CalendarOverride.objects.filter(day=CHANGE_DAY).update(is_workday=True)
        touching = (Application.objects.filter(status__in=Application.OPEN_STATUSES)
                    .annotate(start=Coalesce("corrected_on", "received_on")).filter(start__lt=CHANGE_DAY)
                    .filter(Q(extended_due_on__gte=CHANGE_DAY) | Q(extended_due_on__isnull=True)))
        moved, seconds = _timed(lambda: applications_recompute(touching, reason="基准测试"))
        result["one_transaction_workday_again"] = {"moved": moved, "seconds": seconds}
        print("  one transaction:", result["one_transaction_workday_again"], flush=True)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        import redis

        redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).delete(queue, f"_kombu.binding.{queue}")
    CalendarOverride.objects.filter(day=CHANGE_DAY).delete()
    applications_recompute(Application.objects.filter(status__in=Application.OPEN_STATUSES), reason="基准测试复原")
    _reset()
    stamp(result, load)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
