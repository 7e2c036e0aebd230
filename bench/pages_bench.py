"""Issue 11, pages: home, catalogue list, item, search, Q&A list and an annual report page under wrk
(-t2 -c50, as bench/httpbench.py) against gunicorn (gthread 2 workers × 4 threads, DEBUG off) on the
benchmark's SQLite database, twice: with the page cache (decision 0046) against the bare Django page
of the same server (`/_bench/bare/`), and without it against `/_bench/rows/`.

`python -m bench.pages_bench --out bench/out/pages.json` with DATABASE_URL naming a database built by
bench.build. Adds what the catalogue builder does not make, once: published Q&A (--messages) and a
finalised annual report of the first agency.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.parse

from .httpbench import Server, _env, _status, wrk

PAGES = ("home", "catalog", "item", "search", "messages", "report")
BASELINES = {"bare": "/_bench/bare/", "rows": "/_bench/rows/"}


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def prepare(n_messages: int) -> dict[str, str]:
    """The Q&A and the report the pages show (made through the services, once); the pages' addresses."""
    _django()
    from django.contrib.auth.models import User

    from gongkai.catalog.models import Item
    from gongkai.interaction import services as messages
    from gongkai.interaction.models import Message
    from gongkai.orgs.models import Department, Membership, Organisation, Role
    from gongkai.reports.models import AnnualReport

    org = Organisation.objects.order_by("pk").first()
    dept = Department.objects.filter(org=org).order_by("pk").first() or Department.objects.create(org=org, name="办公室")
    users = {}
    for name, role, d in (("bench-clerk", Role.CLERK, dept), ("bench-head", Role.DEPT_HEAD, dept), ("bench-sup", Role.SUPERVISOR, None)):
        users[name], made = User.objects.get_or_create(username=name)
        if made:
            Membership.objects.create(user=users[name], org=org, department=d, role=role)
    have = Message.objects.filter(org=org, is_published=True).count()
    for n in range(have, n_messages):
        msg = messages.message_submit_public(org=org, data={
            "channel": "mailbox", "subject": f"关于科技计划项目申报的咨询（{n + 1}）",
            "body": "请问2027年度省科技计划项目什么时候开始申报？需要准备哪些材料？", "writer_name": "王小明",
            "phone": "13800138000", "email": "", "is_public": True})
        messages.message_assign(message_id=msg.pk, by=users["bench-sup"], department=dept)
        messages.message_draft(message_id=msg.pk, by=users["bench-clerk"], reply="您好，申报通知将于3月发布，请关注本网站。")
        messages.message_approve(message_id=msg.pk, by=users["bench-head"])
    year = 2025
    if not AnnualReport.objects.filter(org=org, year=year, finalised_at__isnull=False).exists():
        from gongkai.reports import services as reports

        report = AnnualReport.objects.filter(org=org, year=year).first() or reports.report_prepare(org=org, year=year, by=users["bench-sup"])
        reports.year_figures_set(org=org, year=year, by=users["bench-sup"], licensing=126, penalty=4, enforcement=0, fees_10k_yuan=0)
        reports.report_update(report_id=report.pk, by=users["bench-sup"], overview=report.overview or "本年度工作概述。",
                              problems="公开信息不够全面、公开渠道较为单一。", other_matters=report.other_matters)
        reports.report_finalise(report_id=report.pk, by=users["bench-sup"])
    key = Item.objects.filter(pk=1000, status="published").values_list("index_number", flat=True).get()
    from .queries import select

    word = select()["2f"][1]
    return {
        "home": "/", "catalog": "/catalog/", "item": f"/items/{key}/",
        "search": "/search/?" + urllib.parse.urlencode({"q": word}), "messages": "/messages/",
        "report": f"/reports/{org.code}/{year}/",
    }


def measure(paths: dict[str, str], cached: bool, seconds: int) -> dict:
    """Each page's req/s and its ratio to the baseline of the same server (bare cached, rows
    uncached). The baseline is measured before every page and once after the last, and a page's
    ratio is taken to the mean of the two runs around it: on this shared two-core machine the same
    baseline moved by 2× between runs a minute apart (decision 0077), so a single run of it made
    every ratio of the mode rise or fall together."""
    os.environ["GONGKAI_PAGECACHE"] = "true" if cached else "false"
    base_name, mode = ("bare", "cached") if cached else ("rows", "uncached")
    results: dict = {}
    base_runs: list[dict] = []

    def run(name: str, path: str) -> dict:
        # The first render of a page counts the whole catalogue's facets: seconds on a busy machine.
        status = _status(srv.base + path, timeout=180)
        if status != 200:
            print(f"  {name:8} {path}: HTTP {status}, not measured", flush=True)
            return {"status": status}
        r = {"status": status, **wrk(srv.base + path, seconds)}
        print(f"  {mode:8} {name:8} {r['rps']:8.0f} req/s  p50 {r['p50']} ms  p99 {r['p99']} ms  non-2xx {r['non_2xx']}", flush=True)
        return r

    with Server() as srv:
        other = "rows" if cached else "bare"
        results[other] = run(other, BASELINES[other])
        base_runs.append(run(base_name, BASELINES[base_name]))
        for name in PAGES:
            results[name] = run(name, paths[name])
            base_runs.append(run(base_name, BASELINES[base_name]))
    ok = [b for b in base_runs if "rps" in b]
    if ok:  # the baseline's figures are those of its median run (req/s, p50 and p99 of one run)
        median = sorted(ok, key=lambda b: b["rps"])[len(ok) // 2]
        results[base_name] = {**median, "runs": [b["rps"] for b in ok]}
    for i, name in enumerate(PAGES):
        around = [b for b in base_runs[i:i + 2] if "rps" in b]
        if "rps" in results.get(name, {}) and around:
            results[name]["ratio"] = round(results[name]["rps"] / (sum(b["rps"] for b in around) / len(around)), 3)
            results[name]["base_around"] = [b["rps"] for b in around]
    return results


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=_env(), check=True)
    paths = prepare(args.messages)
    os.environ.update(_env())
    load = os.getloadavg()[0]
    result = {"paths": paths, "date": time.strftime("%Y-%m-%d %H:%M %Z"),
              "cached": measure(paths, True, args.seconds), "uncached": measure(paths, False, args.seconds)}
    result["load"] = f"{load:.1f}/{os.getloadavg()[0]:.1f}"
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
