"""Benchmark of issue 7's consultation page: a consultation with 10,000 comments, served at least
0.8 × as fast as `/_bench/rows/` in the same wrk run (gunicorn as bench.httpbench runs it).

`python -m bench.consult_bench --out F` with DATABASE_URL naming its own SQLite database
(bench/out/consult.sqlite3). The database holds 1,000 published catalogue items (the rows baseline
reads 20 of them), 200 published results of suggestions, and the consultation: published through
the services, its 10,000 comments written in bulk (one has an attachment row), `comment_count` set as
comment_submit keeps it. Built once and kept while it holds this data set.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time

from .build import _django
from .httpbench import Server, _status, wrk

COMMENTS, ITEMS, SUGGESTIONS = 10_000, 1_000, 200
TITLE = "贵州省科技创新券管理办法（征求意见稿）"


def build() -> int:
    """The consultation's id, after loading what is missing."""
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User

    from gongkai.catalog.importing import items_write
    from gongkai.catalog.models import Item
    from gongkai.catalog.services import ImportedItem
    from gongkai.consultation import services
    from gongkai.consultation.models import Comment, Consultation, Suggestion
    from gongkai.orgs.models import Membership, Organisation, Role

    org, _ = Organisation.objects.get_or_create(code="gzsti", defaults={"name": "贵州省科学技术厅", "credit_code": "11520000009390012X"})
    if Item.objects.filter(org=org).count() < ITEMS:
        rows = [(n, ImportedItem(data={"title": f"关于组织申报省科技计划项目的通知（第{n}批）", "created_on": dt.date(2025, 1, 1),
                                       "kind": "notice", "body": "<p>各有关单位：现将有关事项通知如下。</p>"},
                                 index_number=None, published_on=dt.date(2025, 1, 1) + dt.timedelta(days=n % 300)))
                for n in range(ITEMS)]
        items_write(org=org, rows=rows)
    consultation = Consultation.objects.filter(org=org, title=TITLE).first()
    if consultation is None:
        clerk, _ = User.objects.get_or_create(username="bench-clerk")
        boss, _ = User.objects.get_or_create(username="bench-supervisor")
        Membership.objects.get_or_create(user=clerk, org=org, role=Role.CLERK)
        Membership.objects.get_or_create(user=boss, org=org, role=Role.SUPERVISOR)
        today = timezone.localdate()
        consultation = services.consultation_create(org=org, by=clerk, data={
            "title": TITLE, "kind": "normative_document", "basis": "《贵州省科技创新条例》",
            "explanation": "起草说明。" * 80, "draft_text": "第一条　为规范科技创新券的管理，制定本办法。\n" * 60,
            "opens_on": today, "closes_on": today + dt.timedelta(days=3650)})
        services.consultation_publish(consultation_id=consultation.pk, by=boss)
    have = Comment.objects.filter(consultation=consultation).count()
    if have < COMMENTS:
        now = timezone.now()
        Comment.objects.bulk_create([
            Comment(consultation=consultation, submitted_at=now, body=f"第{n}条意见：建议明确兑付时限，简化申领材料。",
                    name="某科技有限公司" if n % 3 else "", contact="0851-00000000" if n % 5 == 0 else "")
            for n in range(have, COMMENTS)], batch_size=1000)
        Consultation.objects.filter(pk=consultation.pk).update(comment_count=COMMENTS)
    if Suggestion.objects.filter(org=org).count() < SUGGESTIONS:
        Suggestion.objects.bulk_create([
            Suggestion(org=org, number=f"省人大第{n:04d}号", kind="deputy" if n % 2 else "member", title=f"关于科技工作的建议（{n}）",
                       replied_on=dt.date(2025, 3, 1), result_published_on=dt.date(2025, 3, 10), status="published", summary="已办理")
            for n in range(SUGGESTIONS)], batch_size=500, ignore_conflicts=True)
    return consultation.pk


ROUNDS = 3


def run(seconds: int, pk: int) -> dict:
    """rows and the consultation page in turns (ROUNDS times, rows first and last), then the lists.
    Each consultation run is compared with the mean of the rows runs either side of it: on a shared
    machine the load moves between runs, and a neighbour's baseline is the fair one. The figure is the
    median of those ratios."""
    paths = {"rows": "/_bench/rows/", "consultation": f"/consultations/{pk}/", "consultations": "/consultations/",
             "suggestions": "/suggestions/?year=2025"}
    result = {"paths": paths, "comments": COMMENTS, "seconds": seconds}
    with Server() as srv:
        for path in paths.values():
            if _status(srv.base + path) != 200:
                raise RuntimeError(f"{path}: HTTP {_status(srv.base + path)}")
        rows = [wrk(srv.base + paths["rows"], seconds)]
        pages = []
        for _ in range(ROUNDS):
            pages.append(wrk(srv.base + paths["consultation"], seconds))
            rows.append(wrk(srv.base + paths["rows"], seconds))
        lists = {name: wrk(srv.base + paths[name], seconds) for name in ("consultations", "suggestions")}
        rows.append(wrk(srv.base + paths["rows"], seconds))
    ratios = [page["rps"] / ((rows[i]["rps"] + rows[i + 1]["rps"]) / 2) for i, page in enumerate(pages)]
    for i, page in enumerate(pages):
        page["vs_rows"] = round(ratios[i], 3)
    baseline = sum(r["rps"] for r in rows[-2:]) / 2
    for r in lists.values():
        r["vs_rows"] = round(r["rps"] / baseline, 3)
    result.update(rows=rows, pages=pages, lists=lists, ratio=round(sorted(ratios)[len(ratios) // 2], 3))
    for i, r in enumerate(rows):
        print(f"  rows #{i + 1:<8} {r['rps']:8.0f} req/s  p50 {r['p50']} ms  p99 {r['p99']} ms")
    for i, r in enumerate(pages):
        print(f"  consultation #{i + 1} {r['rps']:8.0f} req/s  p50 {r['p50']} ms  p99 {r['p99']} ms  {r['vs_rows']:.2f} × rows")
    for name, r in lists.items():
        print(f"  {name:14} {r['rps']:8.0f} req/s  {r['vs_rows']:.2f} × rows (the last two rows runs)")
    print(f"  consultation page: median {result['ratio']:.2f} × rows")
    return result


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    _django()
    t0 = time.monotonic()
    pk = build()
    print(f"  built in {time.monotonic() - t0:.0f} s")
    load = os.getloadavg()[0]
    result = run(args.seconds, pk)
    result["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
    result["load"] = f"{load:.1f}/{os.getloadavg()[0]:.1f}"
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    from .report_consult import write

    write()


if __name__ == "__main__":
    main()
