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
from gongkai.oversight.models import ReviewCase

COLUMNS = [*ApplicantType.values, "total"]
ROWS = ["new", "carried_in", *Outcome.values, "total", "carried_out"]
REVIEW_RESULTS = ["upheld", "corrected", "other", "pending", "total"]
REVIEW_KINDS = [k for k in ReviewCase.Kind.values]
PROACTIVE_KINDS = [Kind.REGULATION, Kind.NORMATIVE_DOCUMENT]


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def applications_table(org_ids: list[int], year: int) -> dict:
    first, last = _year_span(year)
    apps = Application.objects.filter(org_id__in=org_ids)
    open_on_first = Q(closed_on__isnull=True) | Q(closed_on__gte=first)
    open_after_last = Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    rows = {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}
    per_type = (apps.filter(received_on__lte=last).filter(open_on_first | Q(received_on__gte=first))
                .values("applicant_type").order_by()
                .annotate(new=Count("pk", filter=Q(received_on__gte=first)),
                          carried_in=Count("pk", filter=Q(received_on__lt=first) & open_on_first),
                          carried_out=Count("pk", filter=open_after_last)))
    for r in per_type:
        for row in ("new", "carried_in", "carried_out"):
            rows[row][r["applicant_type"]] += r[row]
    closed = (apps.filter(closed_on__range=(first, last)).values("applicant_type", "outcome").order_by()
              .annotate(n=Count("pk")))
    for r in closed:
        rows[r["outcome"]][r["applicant_type"]] += r["n"]
        rows["total"][r["applicant_type"]] += r["n"]
    for row in rows.values():
        row["total"] = sum(row[c] for c in ApplicantType.values)
    return {"columns": COLUMNS, "rows": rows}


def proactive_table(org_ids: list[int], year: int) -> dict:
    first, last = _year_span(year)
    items = Item.objects.filter(org_id__in=org_ids, status=Item.Status.PUBLISHED, kind__in=PROACTIVE_KINDS)
    repealed_by_end = Q(repealed_on__lte=last) | Q(validity=Validity.REPEALED, repealed_on__isnull=True)
    counts = items.values("kind").order_by().annotate(
        issued=Count("pk", filter=Q(published_on__range=(first, last))),
        repealed=Count("pk", filter=Q(repealed_on__range=(first, last))),
        in_force=Count("pk", filter=Q(published_on__lte=last) & ~repealed_by_end & ~Q(validity=Validity.EXPIRED)),
    )
    table = {k: {"issued": 0, "repealed": 0, "in_force": 0} for k in PROACTIVE_KINDS}
    for r in counts:
        table[r["kind"]] = {"issued": r["issued"], "repealed": r["repealed"], "in_force": r["in_force"]}
    from .models import YearFigures

    entered = YearFigures.objects.filter(org_id__in=org_ids, year=year).aggregate(
        licensing=Sum("licensing"), penalty=Sum("penalty"), enforcement=Sum("enforcement"), fees=Sum("fees_10k_yuan"))
    table.update(licensing=entered["licensing"] or 0, penalty=entered["penalty"] or 0,
                 enforcement=entered["enforcement"] or 0, fees_10k_yuan=float(entered["fees"] or Decimal(0)))
    return table


def reviews_table(org_ids: list[int], year: int) -> dict:
    """Cases filed in the year, by kind, with their result as at 31 December (尚未审结 if not concluded
    by then) — decision 0006."""
    first, last = _year_span(year)
    concluded = Q(concluded_on__lte=last)
    counts = (ReviewCase.objects.filter(org_id__in=org_ids, filed_on__range=(first, last)).values("kind").order_by()
              .annotate(upheld=Count("pk", filter=concluded & Q(result="upheld")),
                        corrected=Count("pk", filter=concluded & Q(result="corrected")),
                        other=Count("pk", filter=concluded & Q(result="other")),
                        pending=Count("pk", filter=~concluded | Q(result="pending")),
                        total=Count("pk")))
    table = {k: dict.fromkeys(REVIEW_RESULTS, 0) for k in REVIEW_KINDS}
    for r in counts:
        table[r["kind"]] = {key: r[key] for key in REVIEW_RESULTS}
    return table


def activity(org_ids: list[int], year: int) -> dict:
    first, last = _year_span(year)
    items = Item.objects.filter(org_id__in=org_ids, status=Item.Status.PUBLISHED, published_on__range=(first, last))
    counts = items.aggregate(website=Count("pk"), interpretations=Count("pk", filter=Q(kind=Kind.INTERPRETATION)))
    fees = Application.objects.filter(org_id__in=org_ids, closed_on__range=(first, last)).aggregate(s=Sum("fee_yuan"))["s"]
    # Channels other than the website, press conferences, replies to the public and submissions to
    # higher bodies have no records in Gongkai yet: they are reported as zero until those registers exist.
    return {
        "published": {"website": counts["website"], "weibo": 0, "wechat": 0},
        "interpretations": counts["interpretations"],
        "press_conferences": 0,
        "replies": {"mailbox": 0, "consultation": 0, "message_board": 0},
        "submissions": {"sent": 0, "adopted": 0},
        "application_fees_yuan": fees or 0,
    }


def annual_figures(org, year: int, *, org_ids: list[int] | None = None) -> dict:
    """Every figure of the report, in the JSON shape of annual-report.md; ORG_IDS for a whole tree."""
    ids = org_ids or [org.pk]
    return {
        "org": org.code, "year": year,
        "applications": applications_table(ids, year),
        "proactive": proactive_table(ids, year),
        "reviews": reviews_table(ids, year),
        "activity": activity(ids, year),
    }


def consistency(figures: dict) -> list[str]:
    """勾稽关系, in every column: new + carried_in = total + carried_out, and total = the outcome rows.
    Returns the problems in Chinese; empty when the table adds up."""
    rows = figures["applications"]["rows"]
    problems = []
    labels = dict(ApplicantType.choices) | {"total": "总计"}
    for col in COLUMNS:
        outcomes = sum(rows[o][col] for o in Outcome.values)
        if outcomes != rows["total"][col]:
            problems.append(f"“{labels[col]}”列：各办理结果之和 {outcomes} ≠ 总计 {rows['total'][col]}")
        left, right = rows["new"][col] + rows["carried_in"][col], rows["total"][col] + rows["carried_out"][col]
        if left != right:
            problems.append(f"“{labels[col]}”列：本年新收 + 上年结转 = {left}，办结总计 + 结转下年 = {right}，两者不等")
    return problems
