"""The figures of the annual report (国办公开办函〔2021〕30号 format; shared/spec/annual-report.md),
counted in the database for one agency or a whole tree of them.

Applications table, per applicant-type column:
- new:         received in the year;
- carried_in:  received before the year and still open on 1 January;
- outcome rows and total: closed in the year, by outcome;
- carried_out: received by 31 December and still open at its end.
So, in every column, new + carried_in = total + carried_out whenever no case closes before it was
received (a database constraint elsewhere would be too late for imports; `consistency` checks it).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gongkai.applications.models import Application, ApplicantType
from gongkai.applications.outcomes import Outcome
from gongkai.catalog.models import Item, Kind, Validity
from gongkai.consultation.selectors import suggestion_results_by_kind
from gongkai.oversight.models import ReviewCase
from gongkai.publicity import models as publicity
from gongkai.publicity.models import Channel, Event, Post, Submission

COLUMNS = [*ApplicantType.values, "total"]
ROWS = ["new", "carried_in", *Outcome.values, "total", "carried_out"]
REVIEW_RESULTS = ["upheld", "corrected", "other", "pending", "total"]
REVIEW_KINDS = [k for k in ReviewCase.Kind.values]
PROACTIVE_KINDS = [Kind.REGULATION, Kind.NORMATIVE_DOCUMENT]


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def row_filter(row: str, year: int) -> Q:
    """Which applications count in ROW of YEAR's table (the spec's definitions). The table below and
    the trace lists of the workbench both use it, so a count and the records behind it never differ."""
    first, last = _year_span(year)
    open_on_first = Q(closed_on__isnull=True) | Q(closed_on__gte=first)
    if row == "new":
        return Q(received_on__range=(first, last))
    if row == "carried_in":
        return Q(received_on__lt=first) & open_on_first
    if row == "carried_out":
        return Q(received_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gt=last))
    if row == "total":
        return Q(closed_on__range=(first, last))
    if row in Outcome.values:
        return Q(closed_on__range=(first, last), outcome=row)
    raise ValueError(f"unknown row {row!r}")


def column_filter(col: str) -> Q:
    """Which applications count in COL (an applicant type, or total = all)."""
    if col == "total":
        return Q()
    if col in ApplicantType.values:
        return Q(applicant_type=col)
    raise ValueError(f"unknown column {col!r}")


def applications_table(org_ids: list[int], year: int) -> dict:
    return _applications_pass(org_ids, year)[0]


def _applications_pass(org_ids: list[int], year: int) -> tuple[dict, int]:
    """The applications table and the fees charged on the cases closed in the year, from one pass
    over the applications open at some time in the year or closed in it, grouped by applicant type
    and outcome with a FILTER per row. (Three passes — counted rows, closed rows, fees — took three
    times as long: 750 ms for an agency with 100,000 applications; bench/RESULTS-applications.md.)"""
    apps = Application.objects.filter(org_id__in=org_ids)
    rows = {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}
    counted = ("new", "carried_in", "carried_out")
    first, last = _year_span(year)
    closed = row_filter("total", year)
    # The union of the rows: received by 31 December and received in the year or still open on 1 January;
    # or closed in the year (the same, unless a case was closed before it was received).
    span = Q(received_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first) | Q(received_on__gte=first)) | closed
    groups = (apps.filter(span).values("applicant_type", "outcome").order_by()
              .annotate(**{row: Count("pk", filter=row_filter(row, year)) for row in counted},
                        closed=Count("pk", filter=closed), fees=Sum("fee_yuan", filter=closed)))
    fees = 0
    for r in groups:
        kind = r["applicant_type"]
        for row in counted:
            rows[row][kind] += r[row]
        if r["closed"]:
            rows[r["outcome"]][kind] += r["closed"]
            rows["total"][kind] += r["closed"]
        fees += r["fees"] or 0
    for row in rows.values():
        row["total"] = sum(row[c] for c in ApplicantType.values)
    return {"columns": COLUMNS, "rows": rows}, fees


def proactive_filter(col: str, year: int) -> Q:
    """Which published 规章/规范性文件 count in COL (issued, repealed, in_force) of YEAR's 第二十条第（一）项."""
    first, last = _year_span(year)
    if col == "issued":
        return Q(published_on__range=(first, last))
    if col == "repealed":
        return Q(repealed_on__range=(first, last))
    if col == "in_force":
        repealed_by_end = Q(repealed_on__lte=last) | Q(validity=Validity.REPEALED, repealed_on__isnull=True)
        return Q(published_on__lte=last) & ~repealed_by_end & ~Q(validity=Validity.EXPIRED)
    raise ValueError(f"unknown column {col!r}")


def proactive_items(org_ids: list[int]):
    return Item.objects.filter(org_id__in=org_ids, status=Item.Status.PUBLISHED, kind__in=PROACTIVE_KINDS)


def proactive_table(org_ids: list[int], year: int) -> dict:
    cols = ("issued", "repealed", "in_force")
    counts = proactive_items(org_ids).values("kind").order_by().annotate(
        **{col: Count("pk", filter=proactive_filter(col, year)) for col in cols})
    table = {k: {"issued": 0, "repealed": 0, "in_force": 0} for k in PROACTIVE_KINDS}
    for r in counts:
        table[r["kind"]] = {"issued": r["issued"], "repealed": r["repealed"], "in_force": r["in_force"]}
    from .models import YearFigures

    entered = YearFigures.objects.filter(org_id__in=org_ids, year=year).aggregate(
        licensing=Sum("licensing"), penalty=Sum("penalty"), enforcement=Sum("enforcement"), fees=Sum("fees_10k_yuan"))
    table.update(licensing=entered["licensing"] or 0, penalty=entered["penalty"] or 0,
                 enforcement=entered["enforcement"] or 0, fees_10k_yuan=float(entered["fees"] or Decimal(0)))
    return table


def review_filter(result: str, year: int) -> Q:
    """Which cases filed in YEAR count under RESULT: their result as at 31 December (尚未审结 if not
    concluded by then) — decision 0006."""
    first, last = _year_span(year)
    filed = Q(filed_on__range=(first, last))
    concluded = Q(concluded_on__lte=last)
    if result in ("upheld", "corrected", "other"):
        return filed & concluded & Q(result=result)
    if result == "pending":
        return filed & (~concluded | Q(result="pending"))
    if result == "total":
        return filed
    raise ValueError(f"unknown result {result!r}")


def reviews_table(org_ids: list[int], year: int) -> dict:
    """Cases filed in the year, by kind, with their result as at 31 December (review_filter)."""
    first, last = _year_span(year)
    counts = (ReviewCase.objects.filter(org_id__in=org_ids, filed_on__range=(first, last)).values("kind").order_by()
              .annotate(**{key: Count("pk", filter=review_filter(key, year)) for key in REVIEW_RESULTS}))
    table = {k: dict.fromkeys(REVIEW_RESULTS, 0) for k in REVIEW_KINDS}
    for r in counts:
        table[r["kind"]] = {key: r[key] for key in REVIEW_RESULTS}
    return table


# The keys of the `activity` block (annual-report.md, codes of import-format.md), in the spec's order.
PUBLISHED_CHANNELS = ["website", "weibo", "wechat"]  # then each agency's own new-media channel codes
PRESS_KINDS = [k.value for k in publicity.PRESS_KINDS]  # press_conference … radio_hotline
TRAINING_KINDS = [k.value for k in publicity.TRAINING_KINDS]  # training_held, training_attended
REPLY_CHANNELS = ["mailbox", "consultation", "message_board", "grassroots", "social_media", "other"]
SUGGESTION_KINDS = ["deputy", "member"]


def activity_posts(org_ids: list[int], first: dt.date, last: dt.date) -> dict[str, int]:
    """`published.<channel>` for the new-media channels: posts on each channel in the span, by code —
    weibo and wechat always, then every other channel code of the agencies (a province adds up the
    channels of one code). Two queries: the year's posts grouped by channel, found through the index
    (org, posted_on, channel), and the agencies' channels for their codes (bench/RESULTS-publicity.md)."""
    per_channel = dict(Post.objects.filter(org_id__in=org_ids, posted_on__range=(first, last))
                       .values("channel_id").order_by().annotate(n=Count("pk")).values_list("channel_id", "n"))
    counts = dict.fromkeys(PUBLISHED_CHANNELS[1:], 0)
    channels = (Channel.objects.filter(org_id__in=org_ids).exclude(kind=Channel.Kind.WEBSITE)
                .order_by("order", "pk").values_list("pk", "code"))
    for pk, code in channels:
        counts[code] = counts.get(code, 0) + per_channel.get(pk, 0)
    return counts


def post_filter(code: str, year: int) -> Q:
    """Which posts count in YEAR's `published.<CODE>`: on a channel of that code, posted in the year."""
    return Q(channel__code=code, posted_on__range=_year_span(year))


def event_filter(kind: str, year: int) -> Q:
    """Which events count under KIND of YEAR's `press`/`training`: held in the year, of that kind."""
    return Q(held_on__range=_year_span(year), kind=kind)


def activity_events(org_ids: list[int], first: dt.date, last: dt.date) -> tuple[dict[str, int], dict[str, int]]:
    """`press` and `training`: events held in the span, by kind (one grouped query)."""
    counts = dict(Event.objects.filter(org_id__in=org_ids, held_on__range=(first, last))
                  .values("kind").order_by().annotate(n=Count("pk")).values_list("kind", "n"))
    return ({k: counts.get(k, 0) for k in PRESS_KINDS}, {k: counts.get(k, 0) for k in TRAINING_KINDS})


def activity_replies(org_ids: list[int], first: dt.date, last: dt.date) -> dict[str, int]:
    """`replies`: the public's messages answered in the span (replied_on), by channel, and their total.
    No register yet (gongkai.interaction): zero."""
    return {**dict.fromkeys(REPLY_CHANNELS, 0), "total": 0}


def activity_suggestions(org_ids: list[int], first: dt.date, last: dt.date) -> dict[str, int]:
    """`suggestions`: results of deputies' suggestions and members' proposals published in the span
    (result_published_on), by kind, and their total — one GROUP BY in gongkai.consultation."""
    return suggestion_results_by_kind(org_ids, first, last)


def submission_filter(col: str, year: int) -> Q:
    """Which submissions count in YEAR's `submissions.sent` or `.adopted`: submitted in the year; of
    those, the ones adopted (whenever the body adopted them — decision 0017)."""
    sent = Q(submitted_on__range=_year_span(year))
    if col == "sent":
        return sent
    if col == "adopted":
        return sent & Q(status=Submission.Status.ADOPTED)
    raise ValueError(f"unknown column {col!r}")


def activity_submissions(org_ids: list[int], first: dt.date, last: dt.date) -> dict:
    """`submissions`: pieces submitted to higher bodies in the span (`sent`) and how many of those were
    adopted, in all and per receiving body's code (one grouped query, the bodies joined for their code)."""
    rows = (Submission.objects.filter(org_id__in=org_ids, submitted_on__range=(first, last))
            .values("body__code").order_by("body__code")
            .annotate(sent=Count("pk"), adopted=Count("pk", filter=Q(status=Submission.Status.ADOPTED))))
    by_body = {r["body__code"]: {"sent": r["sent"], "adopted": r["adopted"]} for r in rows}
    return {"sent": sum(b["sent"] for b in by_body.values()), "adopted": sum(b["adopted"] for b in by_body.values()),
            "by_body": by_body}


def activity(org_ids: list[int], year: int, *, fees: int | None = None) -> dict:
    """The `activity` block of annual-report.md, each part a grouped count in the database (one query
    per register, never a loop over rows). FEES: the fees charged on the applications closed in the
    year, when the caller has counted them (annual_figures, from its one pass over the applications)."""
    first, last = _year_span(year)
    items = Item.objects.filter(org_id__in=org_ids, status=Item.Status.PUBLISHED, published_on__range=(first, last))
    # Two counts rather than one with a FILTER on kind: the first is answered from the index
    # (org, status, published_on) alone, without reading 60,000 rows of a million-item catalogue.
    website, interpretations = items.count(), items.filter(kind=Kind.INTERPRETATION).count()
    if fees is None:
        fees = Application.objects.filter(org_id__in=org_ids, closed_on__range=(first, last)).aggregate(s=Sum("fee_yuan"))["s"]
    press, training = activity_events(org_ids, first, last)
    return {
        "published": {"website": website, **activity_posts(org_ids, first, last)},
        "interpretations": interpretations,
        "press": press,
        "training": training,
        "replies": activity_replies(org_ids, first, last),
        "suggestions": activity_suggestions(org_ids, first, last),
        "submissions": activity_submissions(org_ids, first, last),
        "application_fees_yuan": fees or 0,
    }


def annual_figures(org, year: int, *, org_ids: list[int] | None = None) -> dict:
    """Every figure of the report, in the JSON shape of annual-report.md; ORG_IDS for a whole tree."""
    ids = org_ids or [org.pk]
    applications, fees = _applications_pass(ids, year)
    return {
        "org": org.code, "year": year,
        "applications": applications,
        "proactive": proactive_table(ids, year),
        "reviews": reviews_table(ids, year),
        "activity": activity(ids, year, fees=fees),
    }


def consistency_by_column(figures: dict) -> dict[str, list[str]]:
    """勾稽关系, in every column: new + carried_in = total + carried_out, and total = the outcome rows.
    Returns the problems of each column that has any, in Chinese; empty when the table adds up."""
    rows = figures["applications"]["rows"]
    labels = dict(ApplicantType.choices) | {"total": "总计"}
    found: dict[str, list[str]] = {}
    for col in COLUMNS:
        problems = []
        outcomes = sum(rows[o][col] for o in Outcome.values)
        if outcomes != rows["total"][col]:
            problems.append(f"“{labels[col]}”列：各办理结果之和 {outcomes} ≠ 总计 {rows['total'][col]}")
        left, right = rows["new"][col] + rows["carried_in"][col], rows["total"][col] + rows["carried_out"][col]
        if left != right:
            problems.append(f"“{labels[col]}”列：本年新收 + 上年结转 = {left}，办结总计 + 结转下年 = {right}，两者不等")
        if problems:
            found[col] = problems
    return found


def consistency(figures: dict) -> list[str]:
    """The problems of consistency_by_column, column by column; empty when the table adds up."""
    return [p for problems in consistency_by_column(figures).values() for p in problems]
