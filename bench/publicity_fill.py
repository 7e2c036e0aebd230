"""The publicity registers of the annual-report benchmark (issue 7, "Performance"): 100,000 new-media
posts and 50,000 submissions to higher bodies over the benchmark's 100 agencies, written by COPY, so
that `annual_figures` is measured with the registers filled (bench.annual_bench --posts/--submissions).

The agency (gzsti) holds 60 % of the posts (微博, 微信 and a channel of its own) and 40 % of the
submissions (to 科技部, 国家知识产权局, 省政府办公厅 and the province node), received 2023–2025; about a
third of the submissions adopted a few days later. Events are few in life (tens a year) and are
written the same way, 20 per agency and year.

The messages (回应关切, `messages_fill`): 200,000 over the same agencies, 40 % of them gzsti's, received
2023–2025 on the six built-in channels; 95 % answered a few days later, 80 % of those published
(the writer agreed), the rest still open — written by COPY in batches of 50,000, each committed on its
own, so that an interrupted fill starts again after the last batch (numbers M0000001… say which)."""
from __future__ import annotations

import datetime as dt
import random
import time

BODIES = (("MOST", "科学技术部"), ("CNIPA", "国家知识产权局"), ("GZGOV", "贵州省人民政府办公厅"))
KINDS = ("press_conference", "news_office_conference", "online_interview", "radio_hotline", "training_held",
         "training_attended")


MESSAGE_CHANNELS = ("mailbox", "consultation", "message_board", "grassroots", "social_media", "other")


def prepared(posts: int, submissions: int) -> bool:
    from gongkai.publicity.models import Post, Submission

    return Post.objects.count() == posts and Submission.objects.count() == submissions


def messages_prepared(n: int) -> bool:
    from gongkai.interaction.models import Message

    return Message.objects.filter(number__startswith="M").count() == n


def messages_fill(agencies: list, agency, *, n: int, first: dt.date, last: dt.date, seed: int, log=print) -> None:
    """N messages by COPY (see the module's docstring); resumable batch by batch."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.interaction.models import Message

    t0 = time.monotonic()
    fields = [f for f in Message._meta.concrete_fields if f.attname != "id"]
    template = Message(org_id=0, created_at=timezone.now(), updated_at=timezone.now())
    defaults = {f.attname: getattr(template, f.attname) for f in fields}
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    done = Message.objects.filter(number__startswith="M").count()
    Message.objects.filter(number__gt=f"M{done:07d}", number__startswith="M").delete()  # a half-written batch
    others = [a for a in agencies if a.pk != agency.pk]
    days = (last - first).days
    for lo in range(done, n, 50_000):
        rng = random.Random(seed + lo)
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SET LOCAL synchronous_commit = off")
            with c.cursor.copy(f"COPY {Message._meta.db_table} ({cols}) FROM STDIN") as cp:
                for i in range(lo + 1, min(n, lo + 50_000) + 1):
                    org = agency if rng.random() < 0.4 else rng.choice(others)
                    received = first + dt.timedelta(days=rng.randrange(days + 1))
                    replied = received + dt.timedelta(days=rng.randrange(1, 12)) if rng.random() < 0.95 else None
                    public = rng.random() < 0.8
                    subject = f"关于科技项目申报的咨询（{i}）"
                    values = dict(defaults, org_id=org.pk, number=f"M{i:07d}", channel=MESSAGE_CHANNELS[i % 6],
                                  received_on=received, subject=subject, body="请问申报需要准备哪些材料？", writer_name="网民",
                                  is_public=public, status="replied" if replied else "assigned",
                                  due_on=received + dt.timedelta(days=7), replied_on=replied,
                                  reply="您好，请参阅门户网站的申报通知。" if replied else "", public_subject=subject,
                                  public_body="请问申报需要准备哪些材料？", is_published=bool(replied) and public)
                    cp.write_row([values[f.attname] for f in fields])
        log(f"  messages: {min(n, lo + 50_000):,} of {n:,} in {time.monotonic() - t0:.0f} s", flush=True)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE interaction_message")


def fill(agencies: list, agency, province, *, posts: int, submissions: int, first: dt.date, last: dt.date,
         seed: int, log=print) -> None:
    from django.db import connection

    from gongkai.orgs.services import org_create_or_rename
    from gongkai.publicity import services
    from gongkai.publicity.models import Channel, Event, Post, Submission

    t0 = time.monotonic()
    rng = random.Random(seed)
    with connection.cursor() as c:
        c.execute("TRUNCATE publicity_post, publicity_submission, publicity_event")
    for agency_ in agencies:
        services.channels_ensure(org=agency_)
    Channel.objects.get_or_create(org=agency, code="douyin", defaults={"name": "抖音号", "order": 3})
    bodies = [org_create_or_rename(code=code, name=name)[0] for code, name in BODIES] + [province]
    channels: dict[int, list[int]] = {}
    for pk, org_id in Channel.objects.exclude(kind=Channel.Kind.WEBSITE).values_list("pk", "org_id"):
        channels.setdefault(org_id, []).append(pk)
    others = [a for a in agencies if a.pk != agency.pk]
    days = (last - first).days
    now = dt.datetime.now(dt.timezone.utc)

    def day() -> dt.date:
        return first + dt.timedelta(days=rng.randrange(days + 1))

    def owner(share: float):
        return agency if rng.random() < share else rng.choice(others)

    with connection.cursor() as c, c.cursor.copy(
            "COPY publicity_post (org_id, channel_id, posted_on, title, url, created_at) FROM STDIN") as cp:
        for n in range(posts):
            org = owner(0.6)
            cp.write_row((org.pk, rng.choice(channels[org.pk]), day(), f"微博微信第{n}条", "", now))
    with connection.cursor() as c, c.cursor.copy(
            "COPY publicity_submission (org_id, body_id, title, text, submitted_on, status, adopted_on, created_at) "
            "FROM STDIN") as cp:
        for n in range(submissions):
            org, sent = owner(0.4), day()
            adopted = sent + dt.timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.35 else None
            cp.write_row((org.pk, rng.choice(bodies).pk, f"报送信息第{n}条", "", sent,
                          "adopted" if adopted else "submitted", adopted, now))
    Event.objects.bulk_create([Event(org=a, kind=rng.choice(KINDS), held_on=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                                     title="新闻发布会") for a in agencies for year in range(first.year, last.year + 1)
                               for _ in range(20)], batch_size=2000)
    with connection.cursor() as c:
        for table in ("publicity_post", "publicity_submission", "publicity_event", "publicity_channel"):
            c.execute(f"VACUUM ANALYZE {table}")
    log(f"  publicity: {Post.objects.count():,} posts, {Submission.objects.count():,} submissions, "
        f"{Event.objects.count():,} events in {time.monotonic() - t0:.0f} s", flush=True)


def results_markdown(data: dict, command: str) -> str:
    """bench/RESULTS-publicity.md from the annual benchmark's figures file (`python -m bench.publicity_fill FILE`)."""
    lines = ["# Annual report with the publicity registers filled (issue 7)", "",
             f"Machine: {data.get('machine', '?')}; measured {data.get('date', '?')}; load average before/after "
             f"{data.get('load', '?')}; PostgreSQL settings {', '.join(f'{k} {v}' for k, v in data['pg_settings'].items())}.", "",
             f"`{command}`", "",
             f"Data: {data.get('messages', 0):,} messages (回应关切; gzsti 40 %), {data['posts']:,} new-media posts and "
             f"{data['submissions']:,} submissions to higher bodies over the 100 agencies "
             f"of the annual benchmark (the agency gzsti: 60 % of the posts, 40 % of the submissions; 2023–2025), with "
             f"{data['applications']:,} applications ({data['agency_applications']:,} of gzsti) and {data['items']:,} catalogue items; "
             f"report year {data['date_data']['report_year']}.", "",
             "| report | agencies | queries | first call ms | p50 ms | p95 ms | ≤ 2 s | GROUP BY p50 ms | ratio p50 ÷ GROUP BY | "
             "posts in the year | submissions sent / adopted | replies in the year |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in (data["agency"], data["province"]):
        f = r["figures"]
        ok = "yes" if max(f["p95"], r["first_ms"]) <= 2000 else "**no**"
        lines.append(f"| `annual_figures` {r['who']} | {r['agencies']} | {r['queries']} | {r['first_ms']} | {f['p50']} | {f['p95']} | "
                     f"{ok} | {r['baseline']['p50']} | {r['ratio_p50']} | {r['rows']['posts']:,} | "
                     f"{r['rows']['submissions']:,} / {r['rows']['adopted']:,} | {r['rows'].get('replies', 0):,} |")
    lines += ["", "By section, p50 ms (each timed apart; `activity` includes the registers' parts and, timed alone, the fees "
              "that annual_figures takes from its pass over the applications):", "",
              "| report | applications | proactive | reviews | activity | posts | events | submissions | replies |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in (data["agency"], data["province"]):
        s = r["sections"]
        lines.append(f"| {r['who']} | " + " | ".join(str(s.get(k, {}).get("p50", "")) for k in
                     ("applications", "proactive", "reviews", "activity", "posts", "events", "submissions", "replies")) + " |")
    lines += ["", "Query plans of the registers' queries (EXPLAIN ANALYZE, agency):", ""]
    for q in data["agency"]["explain"]:
        if "publicity_" in q["sql"] or "interaction_" in q["sql"]:
            lines.append(f"- {q['ms']} ms — `{q['sql'][:110]}…` — {'; '.join(q['nodes'])}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import json
    import sys

    path = sys.argv[1]
    data = json.loads(open(path, encoding="utf-8").read())
    import os

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gk_bench_publicity")
    cmd = f"DATABASE_URL={url} .venv/bin/python -m bench.annual_bench " + " ".join(sys.argv[2:]) + f" --out {path}"
    sys.stdout.write(results_markdown(data, cmd))
