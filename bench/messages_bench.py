"""Issue 7: the public Q&A list (回应关切) over 200,000 messages against the `/_bench/rows/` baseline,
under the same wrk run (gunicorn gthread 2×4, wrk -t2 -c50, as bench/httpbench.py).

`python -m bench.messages_bench --messages 200000 --out bench/out/messages.json` with DATABASE_URL
naming the benchmark's own SQLite file. The database is built once (and rebuilt when it does not hold
exactly this corpus): `bench.build` with a small catalogue (the baseline reads 20 items), then the
messages straight into the tables as the services leave them — 90 % answered and published (with
their search documents and FTS rows, as search_index_message writes them), the rest open, private
or held back — spread over 2019–2026 and the six built-in channels.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse

SEED = 2026
ITEMS = 2000  # the catalogue under /_bench/rows/: it reads the newest 20 through an index
PORT = 19250  # msgs' port range (19200–19299)
CHANNELS = ["mailbox", "consultation", "message_board", "grassroots", "social_media", "other"]
TOPICS = ["科技计划项目", "高新技术企业认定", "科技特派员", "专利资助", "科技型中小企业", "重点实验室", "科技成果登记",
          "技术合同登记", "科研经费", "外国人来华工作许可", "科普基地", "农业科技服务", "创新平台", "人才项目", "科技奖励"]
ASKS = ["申报时间", "材料清单", "办理流程", "补助发放", "评审结果", "资格条件", "咨询电话", "政策依据"]
WORD = "专利资助"  # the search word measured: one topic in fifteen


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _complete(n: int) -> bool:
    from gongkai.interaction.models import Message

    try:
        return Message.objects.count() == n and Message.objects.filter(number=f"B{n:07d}").exists()
    except Exception:  # no tables yet
        return False


def build(n: int) -> None:
    subprocess.run([sys.executable, "-m", "bench.build", "--items", str(ITEMS)], check=True)
    _django()
    if _complete(n):
        print(f"  {n} messages already loaded")
        return
    from django.db import connection, transaction

    from gongkai.interaction.models import Message
    from gongkai.orgs.models import Organisation
    from gongkai.search.backends import MESSAGES, fts_key, fts_row, fts_title_row
    from gongkai.search.models import MessageDocument

    t0 = time.monotonic()
    org = Organisation.objects.order_by("pk").first()
    # Resumable: each batch of 5,000 commits on its own, and a run starts after the last one loaded.
    done = Message.objects.filter(number__startswith="B").count()
    Message.objects.filter(number__gt=f"B{done:07d}").delete()
    first = dt.date(2019, 1, 1)
    span = (dt.date(2026, 11, 30) - first).days
    inserts = MESSAGES.sqlite_inserts()
    with connection.cursor() as c:
        # Seven indexes of the messages and two full-text tables take random-order inserts: with
        # SQLite's default 2 MB page cache each batch rereads most of their pages. A benchmark file
        # may lose its last batch in a crash (it is rebuilt from the count), hence synchronous off.
        c.execute("PRAGMA cache_size = -400000")
        c.execute("PRAGMA synchronous = OFF")
    for start in range(done + 1, n + 1, 5000):
        rng = random.Random(SEED + start)
        with transaction.atomic():
            batch, docs = [], []
            for i in range(start, min(n, start + 4999) + 1):
                received = first + dt.timedelta(days=rng.randrange(span))
                channel = CHANNELS[i % 6]
                topic, ask = TOPICS[i % len(TOPICS)], ASKS[rng.randrange(len(ASKS))]
                published = i % 10 != 0
                replied = received + dt.timedelta(days=rng.randrange(1, 8)) if i % 20 != 0 else None
                subject = f"关于{topic}{ask}的咨询（{i}）"
                body = f"您好，我想了解{topic}的{ask}，请问需要准备哪些材料，什么时候可以办理？"
                reply = f"您好！关于{topic}的{ask}，请参阅门户网站“政策文件”栏目的相关通知，或致电咨询。感谢您的关注。"
                batch.append(Message(
                    org=org, number=f"B{i:07d}", channel=channel, received_on=received, subject=subject, body=body,
                    writer_name="网民", is_public=i % 10 != 5, status="replied" if replied else "assigned",
                    due_on=received + dt.timedelta(days=7), reply=reply if replied else "", replied_on=replied,
                    public_subject=subject, public_body=body, is_published=bool(replied) and published and i % 10 != 5))
            Message.objects.bulk_create(batch)
            for m in batch:
                if m.is_published:
                    docs.append(MessageDocument(message_id=m.pk, org_id=org.pk, kind=m.channel, year=m.replied_on.year,
                                                published_on=m.replied_on, title=m.public_subject))
            MessageDocument.objects.bulk_create(docs)
            texts = {m.pk: m for m in batch}
            with connection.cursor() as c:
                c.executemany(inserts[0], [fts_row(d, d.title, f"{texts[d.pk].public_body} {texts[d.pk].reply}") for d in docs])
                c.executemany(inserts[1], [fts_title_row(d, d.title) for d in docs])
                c.executemany(inserts[2], [(d.pk, fts_key(d.published_on, d.pk)) for d in docs])
        print(f"  {min(n, start + 4999)} messages", flush=True)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"  loaded in {time.monotonic() - t0:.0f} s")


def measure(seconds: int) -> dict:
    from bench import httpbench

    _django()
    from gongkai.interaction.selectors import published_messages

    sample = published_messages().order_by("pk").values_list("pk", flat=True)[1000]
    count = published_messages().count()
    paths = {
        "bare": "/_bench/bare/",
        "rows": "/_bench/rows/",
        "qa_list": "/messages/",
        "qa_page_200": "/messages/?page=200",
        "qa_channel_year": "/messages/?channel=mailbox&year=2025",
        "qa_detail": f"/messages/{sample}/",
        "qa_search": "/messages/?" + urllib.parse.urlencode({"q": WORD}),
    }
    httpbench._free_port = lambda: PORT
    results: dict = {"paths": paths, "published": count, "wrk": {}, "rows_runs": []}
    # The load of the shared machine moves between runs: /_bench/rows/ runs before the first page and
    # after each one, and each page is compared with the mean of the rows runs either side of it.
    with httpbench.Server() as srv:
        def run(name: str, path: str) -> dict:
            status = httpbench._status(srv.base + path)
            if status != 200:
                print(f"  {name:16} {path}: HTTP {status}, not measured")
                return {"status": status}
            r = {"status": status, **httpbench.wrk(srv.base + path, seconds)}
            print(f"  {name:16} {r['rps']:8.0f} req/s  p50 {r['p50']} ms  p99 {r['p99']} ms  non-2xx {r['non_2xx']}", flush=True)
            return r

        results["wrk"]["bare"] = run("bare", paths["bare"])
        rows = [run("rows", paths["rows"])]
        for name, path in paths.items():
            if name in ("bare", "rows"):
                continue
            results["wrk"][name] = r = run(name, path)
            rows.append(run("rows", paths["rows"]))
            if "rps" in r:
                r["rows_rps"] = round((rows[-2]["rps"] + rows[-1]["rps"]) / 2, 1)
                r["vs_rows"] = round(r["rps"] / r["rows_rps"], 3)
        results["rows_runs"] = rows
        results["wrk"]["rows"] = {**rows[0], "rps": round(sum(x["rps"] for x in rows) / len(rows), 1)}
    return results


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--out", required=True)
    ap.add_argument("--measure-only", action="store_true", help="measure what is loaded, without loading more")
    args = ap.parse_args(argv)
    if not args.measure_only:
        build(args.messages)
    from bench import httpbench

    os.environ.update(httpbench._env())
    load = os.getloadavg()[0]
    result = measure(args.seconds)
    from gongkai.interaction.models import Message

    result.update(messages=Message.objects.count(), seconds=args.seconds, date=time.strftime("%Y-%m-%d %H:%M %Z"),
                  load=f"{load:.1f}/{os.getloadavg()[0]:.1f}", cpus=os.cpu_count())
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    _write_results(result)


def _write_results(r: dict) -> None:
    from pathlib import Path

    w = r["wrk"]
    lines = [
        "# Benchmark: the public Q&A list (回应关切) — issue 7",
        "",
        f"Machine: {r['cpus']} cores shared with other work (1-minute load {r['load']} before/after). Date: {r['date']}.",
        f"Command: `BENCH_MESSAGES=true BENCH_SQLITE_ITEMS=0 make bench` (or `DATABASE_URL=sqlite:///bench/out/messages-{r['messages']}.sqlite3 "
        f".venv/bin/python -m bench.messages_bench --messages {r['messages']} --out bench/out/messages.json`).",
        f"Data: {r['messages']:,} messages on the embedded SQLite database, {r['published']:,} of them answered and "
        f"published (the rest open, private or not published), 2019–2026, six channels; {ITEMS:,} catalogue items for the baseline.",
        f"Server: gunicorn gthread, 2 workers × 4 threads, DEBUG off; load: `wrk -t2 -c50 -d{r['seconds']}s --latency` after a 2 s warm-up,",
        "every page in the same server run as the baseline. Floor (issue 7): the Q&A list ≥ 0.8× `/_bench/rows/`.",
        "",
        "| page | path | req/s | p50 ms | p99 ms | rows req/s either side | vs `/_bench/rows/` |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path in r["paths"].items():
        x = w.get(name, {})
        if "rps" not in x:
            lines.append(f"| {name} | `{path}` | HTTP {x.get('status')} | | | | |")
            continue
        ratio = f"{x['vs_rows']:.2f}×" if "vs_rows" in x else ("1.00×" if name == "rows" else "")
        lines.append(f"| {name} | `{path}` | {x['rps']:.0f} | {x['p50']} | {x['p99']} | {x.get('rows_rps', '')} | {ratio} |")
    lines += ["", f"`/_bench/rows/` ran {len(r['rows_runs'])} times, before the first page and after each "
              f"({', '.join(str(round(x['rps'])) for x in r['rows_runs'])} req/s; the row above is their mean); each page "
              "is compared with the mean of the two rows runs either side of it.", "",
              "How the list keeps up: decision 0043 (refining 0013) — one statement a page: the page's ids from a",
              "covering partial index (an offset walks index entries, so page 200 costs what page 1 does), then those",
              "rows by key; the count, the years and the sidebar cached under a version key dropped on every",
              "publish; a search reads the body-only hits only when the title hits do not fill the page, and keeps",
              "its count per query like the list's.", ""]
    Path(__file__).with_name("RESULTS-msgs.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
