"""Benchmark of applications (issue 3, "Performance"): recomputing due dates after a calendar change
for 100,000 open applications (target < 10 s on PostgreSQL), and the staff queue of a clerk whose
agency has 1,000 open cases (target < 100 ms).

`python -m bench.applications_bench --open 100000 --out F` with DATABASE_URL naming the benchmark's
own database (a file under bench/out/ or a PostgreSQL database named gk_bench…): it is built once,
reused while it holds this data set, and left as the measurement found it (the override and the
recorded recomputations of a run are removed at its start and end).

The data are rows written in bulk as the services leave them (the per-case services take
milliseconds each): ~20 agencies, cases received on the working days of the 60 days before ANCHOR,
some waiting for a correction or corrected, consulting or having consulted, waiting for a fee,
extended. Their due dates are computed once at load by clock.compute, the function the services use.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from .build import _db_url, _django, _recreate
from .searchbench import _stats

SEED = 2026
# "Today" of the data set: fixed so that a rebuild gives the same database on any day.
ANCHOR = dt.date(2026, 11, 26)
SPAN_DAYS = 60
QUEUE_ORG = "bapp01"
CLERK = "bench-clerk"
# The day made a holiday: the first working day after ANCHOR, inside the period of nearly every case.
CHANGE_DAY = dt.date(2026, 11, 27)
AGENCIES = (
    "科学技术厅 教育厅 工业和信息化厅 民政厅 司法厅 财政厅 人力资源和社会保障厅 自然资源厅 生态环境厅 住房和城乡建设厅 "
    "交通运输厅 水利厅 农业农村厅 商务厅 文化和旅游厅 卫生健康委员会 应急管理厅 审计厅 市场监督管理局 统计局"
).split()
SUBJECTS = (
    "{y}年度省科技计划项目立项清单", "{y}年{m}月重点实验室考核结果及评分细则", "{y}年度专项资金分配方案及依据",
    "我单位{y}年申报项目未获立项的评审意见", "{y}年度高新技术企业认定名单及审核材料", "本村{y}年征地补偿标准及批复文件",
    "{y}年{m}月行政处罚决定书（编号不详）", "科技特派员选派名单及考核办法", "{y}年度政府采购合同及验收报告",
)
WEIGHTS = (0.08, 0.08, 0.10, 0.04, 0.06, 0.14)  # see _open_case


def resident_id(rng: random.Random) -> str:
    """A valid 18-digit resident ID (GB 11643 check digit): masking must see realistic values."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    body = f"5201{rng.randrange(1, 30):02d}{born:%Y%m%d}{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


class Generator:
    """Application and Pause rows with explicit ids, due dates computed as clock.compute does."""

    def __init__(self, seed: int, calendar):
        from gongkai.workdays import rules

        self.rng = random.Random(seed)
        self.calendar = calendar
        first = ANCHOR - dt.timedelta(days=SPAN_DAYS)
        self.receipt_days = [d for d in calendar.workdays_between(first, ANCHOR - dt.timedelta(days=1))]
        self.index = rules.WorkdayIndex(calendar, first - dt.timedelta(days=800), ANCHOR + dt.timedelta(days=550))
        self.serial: dict[tuple[int, int], int] = {}
        self.next_pk, self.next_pause = 1, 1

    def _applicant(self) -> dict:
        rng = self.rng
        if rng.random() < 0.7:
            return dict(applicant_type="natural_person", applicant_name=rng.choice("张王李赵刘陈杨黄吴周") + rng.choice(["伟", "芳", "敏", "静", "强", "磊", "洋", "艳"]),
                        id_type="resident_id", id_number=resident_id(rng), phone=f"13{rng.randrange(10**9):09d}")
        kind = rng.choice(["business", "business", "research", "social_welfare", "legal_services", "other_org"])
        return dict(applicant_type=kind, applicant_name=f"贵州{rng.choice(['鑫永', '黔程', '云岭', '山地', '乌江'])}{rng.randrange(1000)}有限公司",
                    credit_code=f"91520{rng.randrange(10**13):013d}", contact_name="联系人", phone=f"0851-{rng.randrange(10**7):08d}")

    def _row(self, org_id: int, received: dt.date, **fields):
        from gongkai.applications.models import Application

        rng = self.rng
        key = (org_id, received.year)
        self.serial[key] = self.serial.get(key, 0) + 1
        app = Application(
            pk=self.next_pk, org_id=org_id, number=f"{received.year}-{self.serial[key]:05d}",
            query_code="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)),
            channel=rng.choice(["online", "online", "letter", "email", "in_person"]), received_on=received,
            subject=rng.choice(SUBJECTS).format(y=rng.choice([2023, 2024, 2025]), m=rng.randrange(1, 13)),
            address="贵州省贵阳市观山湖区", **self._applicant(), **fields,
        )
        self.next_pk += 1
        return app

    def _after(self, day: dt.date, lo: int, hi: int) -> dt.date:
        """A day LO…HI calendar days after DAY, never after ANCHOR (nothing has happened after today)."""
        return min(ANCHOR, day + dt.timedelta(days=self.rng.randint(lo, hi)))

    def _pause(self, app, kind: str, start: dt.date, end: dt.date | None):
        from gongkai.applications.models import Pause
        from gongkai.workdays.rules import CONSULTATION_WORKING_DAYS

        # rules.consultation_last_day, on the generator's one index of working days (same count).
        answer_due = self.index.nth_counted_after(start, CONSULTATION_WORKING_DAYS)
        p = Pause(pk=self.next_pause, application_id=app.pk, kind=kind, start_on=start, end_on=end,
                  party="贵州某科技有限公司" if kind != "fee" else "", fee_yuan=100 if kind == "fee" else 0,
                  answer_due_on=answer_due if kind != "fee" else None)
        self.next_pause += 1
        return p

    def open_case(self, org_id: int, handler_id: int | None):
        """One open case and its pauses; the shares of WEIGHTS in order: awaiting correction, corrected,
        consulting, awaiting a fee, consulted (pause ended), decision pending; the rest registered."""
        from gongkai.applications.clock import compute

        rng = self.rng
        received = rng.choice(self.receipt_days)
        app = self._row(org_id, received, status="registered", handler_id=handler_id if rng.random() < 0.6 else None)
        pauses, r, acc = [], rng.random(), 0.0
        kind = 6
        for i, w in enumerate(WEIGHTS):
            acc += w
            if r < acc:
                kind = i
                break
        if kind in (0, 1):
            app.correction_requested_on = self._after(received, 1, 7)
            app.correction_term_on = self._after(app.correction_requested_on, 15, 15)
            if kind == 0:
                app.status = "awaiting_correction"
            else:
                app.corrected_on = self._after(app.correction_requested_on, 1, 14)
        elif kind in (2, 4):
            start = self._after(received, 2, 12)
            end = None if kind == 2 else self._after(start, 2, 15)
            pauses.append(self._pause(app, rng.choice(["third_party", "other_agency"]), start, end))
            app.status = "consulting" if kind == 2 else "registered"
        elif kind == 3:
            pauses.append(self._pause(app, "fee", self._after(received, 3, 12), None))
            app.status = "awaiting_fee"
        elif kind == 5:
            app.status = "decision_pending"
        if app.status != "awaiting_correction" and (ANCHOR - received).days > 25 and rng.random() < 0.3:
            app.extended, app.extended_on = True, self._after(received, 24, 28)
        clock = compute(app, pauses, self.calendar, self.index)
        for name, value in clock.__dict__.items():
            setattr(app, name, value)
        return app, pauses

    def closed_case(self, org_id: int):
        """A case closed in the two years before ANCHOR (history the queue and recompute skip)."""
        rng = self.rng
        received = ANCHOR - dt.timedelta(days=rng.randrange(SPAN_DAYS, 730))
        return self._row(org_id, received, status="closed", outcome=rng.choice(["disclosed", "partially_disclosed", "unavailable_not_held"]),
                         closed_on=received + dt.timedelta(days=rng.randrange(5, 40)))


def _complete(n_open: int, n_closed: int) -> bool:
    from gongkai.applications.models import Application

    try:
        apps = Application.objects.filter(org__code__startswith="bapp")
        return (apps.filter(status__in=Application.OPEN_STATUSES).count() == n_open
                and apps.filter(status="closed").count() == n_closed
                and apps.filter(org__code=QUEUE_ORG, status__in=Application.OPEN_STATUSES).exists())
    except Exception:  # no tables yet
        return False


def _people(orgs):
    """The clerk of the queue agency (and a 公开主管, so the agency is complete)."""
    from django.contrib.auth import get_user_model

    from gongkai.orgs.models import Department, Membership, Role

    queue_org = orgs[0]
    dept, _ = Department.objects.get_or_create(org=queue_org, name="办公室")
    clerk = get_user_model().objects.create_user(CLERK, password="Gongkai-bench-2026", first_name="王信息员")
    Membership.objects.create(user=clerk, org=queue_org, department=dept, role=Role.CLERK)
    head = get_user_model().objects.create_user("bench-supervisor", password="Gongkai-bench-2026", first_name="李主管")
    Membership.objects.create(user=head, org=queue_org, role=Role.SUPERVISOR)
    return clerk


def build(n_open: int, n_closed: int, queue_cases: int, n_orgs: int) -> bool:
    """Loads the data set unless it is already there. Returns True when it had to load."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from gongkai.applications.models import Application, Pause
    from gongkai.orgs.models import Organisation
    from gongkai.workdays.selectors import current_calendar

    if _complete(n_open, n_closed):
        call_command("migrate", verbosity=0)
        print(f"== {connection.vendor}: {n_open:,} open applications already loaded")
        return False
    connection.close()
    _recreate(_db_url())
    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    orgs = [Organisation.objects.create(code=f"bapp{i + 1:02d}", name=f"贵州省{AGENCIES[i % len(AGENCIES)]}",
                                        credit_code=f"1152000000{i:07d}X") for i in range(n_orgs)]
    clerk = _people(orgs)
    gen = Generator(SEED, current_calendar())
    # The queue agency has exactly QUEUE_CASES open cases; the others share the rest.
    owners = [orgs[0].pk] * queue_cases + [orgs[1 + i % (n_orgs - 1)].pk for i in range(n_open - queue_cases)]
    batch = 5000
    for lo in range(0, n_open, batch):
        apps, pauses = [], []
        for org_id in owners[lo:lo + batch]:
            app, ps = gen.open_case(org_id, clerk.pk if org_id == orgs[0].pk else None)
            apps.append(app)
            pauses += ps
        with transaction.atomic():
            Application.objects.bulk_create(apps, batch_size=1000)
            Pause.objects.bulk_create(pauses, batch_size=1000)
    for lo in range(0, n_closed, batch):
        rows = [gen.closed_case(orgs[i % n_orgs].pk) for i in range(lo, min(n_closed, lo + batch))]
        Application.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":  # ids were given explicitly: move the sequences past them
            for table in ("applications_application", "applications_pause"):
                c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"== {connection.vendor}: loaded {n_open:,} open and {n_closed:,} closed applications in {time.monotonic() - t0:.0f} s")
    return True


def _reset() -> None:
    """Back to the loaded state: no override on CHANGE_DAY and no recorded recomputation."""
    from gongkai.applications.models import Event
    from gongkai.workdays.models import CalendarOverride

    CalendarOverride.objects.filter(day=CHANGE_DAY).delete()
    Event.objects.filter(kind=Event.Kind.RECOMPUTED).delete()


def _touching_count(day: dt.date) -> int:
    """How many open cases the recompute after a change of DAY reads (its own filter, repeated)."""
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    from gongkai.applications.models import Application

    return (Application.objects.filter(status__in=Application.OPEN_STATUSES)
            .annotate(start=Coalesce("corrected_on", "received_on")).filter(start__lt=day)
            .filter(Q(extended_due_on__gte=day) | Q(extended_due_on__isnull=True)).count())


def verify(sample: int, seed: int) -> dict:
    """Stored due dates of a random sample of open cases against workdays.rules.answer_deadline, one
    case at a time with the calendar in force (no shared index: the plain path of the rules)."""
    from gongkai.applications.clock import counted_pauses
    from gongkai.applications.models import Application
    from gongkai.workdays import rules
    from gongkai.workdays.selectors import current_calendar

    calendar = current_calendar()
    ids = list(Application.objects.filter(status__in=Application.OPEN_STATUSES).values_list("pk", flat=True))
    picked = random.Random(seed).sample(ids, min(sample, len(ids)))
    wrong, checked, paused = [], 0, 0
    for app in Application.objects.filter(pk__in=picked).prefetch_related("pauses"):
        if app.status == "awaiting_correction" and app.corrected_on is None:
            expected = (None, None, None)  # 第三十条: no period runs until the correction arrives
        else:
            d = rules.answer_deadline(received_on=app.received_on, regime=app.regime, corrected_on=app.corrected_on,
                                      pauses=counted_pauses(app.pauses.all()), calendar=calendar)
            expected = (d.due, d.extended_due, d.extended_due if app.extended else d.due)
        paused += expected[0] is None
        checked += 1
        if expected != (app.due_on, app.extended_due_on, app.effective_due_on):
            wrong.append(app.number)
    return {"checked": checked, "wrong": len(wrong), "wrong_numbers": wrong[:10], "without_due_date": paused}


def stamp(result: dict, load_before: float) -> None:
    """Date and 1-minute load average before/after, as bench.run stamps its figures."""
    import os

    result["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
    result["load"] = f"{load_before:.1f}/{os.getloadavg()[0]:.1f}"


def _timed(fn):
    t = time.perf_counter()
    value = fn()
    return value, round(time.perf_counter() - t, 2)


def measure_recompute(sample: int) -> dict:
    """A holiday declared on CHANGE_DAY through the service (and withdrawn), then full recomputes of
    every open case: once with nothing to move, once moving back every date the holiday moved."""
    from django.db import connection

    from gongkai.applications.clock import applications_recompute
    from gongkai.applications.models import Application, Event
    from gongkai.workdays.models import CalendarOverride
    from gongkai.workdays.services import calendar_override_set

    def open_cases():
        return Application.objects.filter(status__in=Application.OPEN_STATUSES)

    _reset()
    out: dict = {"open": open_cases().count(), "change_day": CHANGE_DAY.isoformat()}
    # Warms the caches too: every later measurement reads the same rows.
    out["full_idle"] = dict(zip(("moved", "seconds"), _timed(lambda: applications_recompute(open_cases(), reason="基准测试"))))
    out["considered"] = _touching_count(CHANGE_DAY)
    steps = (("holiday", False), ("workday_again", True), ("holiday_again", False))
    for name, is_workday in steps:
        # No broker configured here: the recompute job runs in this process as the change commits
        # (inline mode, decision 0054), so the time is the change and its whole recompute.
        (_, job), seconds = _timed(lambda: calendar_override_set(day=CHANGE_DAY, is_workday=is_workday, name="基准测试"))
        job.refresh_from_db()
        moved = job.result["recomputed"]
        out[name] = {"moved": moved, "seconds": seconds}
        print(f"  {name}: {moved:,} of {out['considered']:,} considered moved in {seconds} s", flush=True)
        if name == "holiday":
            out["verify_holiday"] = verify(sample, SEED)
            out["events_recorded"] = Event.objects.filter(kind=Event.Kind.RECOMPUTED).count()
    # The override removed behind the clock's back: the full recompute finds every date to move back.
    CalendarOverride.objects.filter(day=CHANGE_DAY).delete()
    out["full_moving"] = dict(zip(("moved", "seconds"), _timed(lambda: applications_recompute(open_cases(), reason="基准测试"))))
    out["verify_end"] = verify(sample, SEED + 1)
    print(f"  full recompute: idle {out['full_idle']}, moving {out['full_moving']}; verify {out['verify_holiday']} {out['verify_end']}")
    _reset()
    # Calendar changes are rare; the queue is read all day: measured after autovacuum's work (the
    # 230,000 rewritten rows and deleted events otherwise leave the planner with stale statistics).
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE applications_application" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "postgresql":
            c.execute("VACUUM ANALYZE applications_event")
    return out


def measure_queue(reps: int) -> dict:
    """GET /workbench/applications/ as the clerk, through the whole Django stack in process (test Client)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.applications import selectors

    clerk = get_user_model().objects.get(username=CLERK)
    client = Client()
    client.force_login(clerk)
    base = reverse("applications_staff:queue")
    out: dict = {}
    for name, path in (("open", base), ("mine", base + "?show=mine"), ("closed, page 1", base + "?show=closed")):
        response = client.get(path)
        if response.status_code != 200:
            out[name] = {"status": response.status_code}
            continue
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
            html = client.get(path).content.decode()
        ms = _time(lambda: client.get(path), reps)
        out[name] = {**_stats(ms), "path": path, "rows": html.count('data-label="登记编号"'), "queries": len(queries),
                     "kb": round(len(html.encode()) / 1024), "overdue_marked": html.count("ap-row--overdue"),
                     "soon_marked": html.count("ap-row--soon")}
        print(f"  {name}: p50 {out[name]['p50']} ms, p95 {out[name]['p95']} ms, {out[name]['rows']} rows, {len(queries)} queries")
    today = timezone.localdate()
    out["selector_only"] = _stats(_time(lambda: selectors.queue(clerk, today=today), reps))
    out["session_cookie"] = client.cookies["sessionid"].value
    return out


def _time(fn, reps: int) -> list[float]:
    fn()  # warm-up
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def measure_wrk(cookie: str, seconds: int, connections: int) -> dict:
    """The queue over HTTP: gunicorn as `gongkai serve` runs it (bench.httpbench.Server), wrk with the
    clerk's session cookie."""
    import re
    import subprocess

    from .httpbench import Server, _ms

    path = "/workbench/applications/"
    header = f"Cookie: sessionid={cookie}"
    with Server() as srv:
        subprocess.run(["wrk", "-t2", f"-c{connections}", "-d2s", "-H", header, srv.base + path], capture_output=True, check=True)
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, srv.base + path],
                             capture_output=True, text=True, check=True).stdout
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": _ms(lat["50"]), "p99": _ms(lat["99"]),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "connections": connections, "seconds": seconds}


def main(argv=None) -> None:
    import os

    ap = argparse.ArgumentParser()
    ap.add_argument("--open", type=int, default=100_000)
    ap.add_argument("--closed", type=int, default=50_000)
    ap.add_argument("--queue-cases", type=int, default=1000)
    ap.add_argument("--orgs", type=int, default=20)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--verify", type=int, default=1000, help="cases checked one by one against the rules")
    ap.add_argument("--skip-recompute", action="store_true")
    ap.add_argument("--wrk-seconds", type=int, default=0, help="0: no HTTP run")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    _db_url()
    from .httpbench import _env

    os.environ.update(_env())  # DEBUG off as in production; static files from bench/out/static
    _django()
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", "--noinput", verbosity=0)
    loaded, load_seconds = _timed(lambda: build(args.open, args.closed, args.queue_cases, args.orgs))
    result: dict = {"vendor": connection.vendor, "open": args.open, "closed": args.closed, "orgs": args.orgs,
                    "queue_cases": args.queue_cases, "anchor": ANCHOR.isoformat(), "reps": args.reps,
                    "load_seconds": load_seconds if loaded else None}
    load = os.getloadavg()[0]
    if not args.skip_recompute:
        result["recompute"] = measure_recompute(args.verify)
    result["queue"] = measure_queue(args.reps)
    cookie = result["queue"].pop("session_cookie")
    if args.wrk_seconds:
        result["wrk"] = measure_wrk(cookie, args.wrk_seconds, 4)
        print("  wrk", result["wrk"])
    stamp(result, load)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
