"""The department assessment (处室政务公开考核): disclosure work as a share (default 5 %) of each
department's year-end score, from rules the agency sets over the registers and the catalogue.

Each rule gives POINTS of 100 to one metric:
- count metrics (信息报送数量, 信息被采用数量): pieces the department submitted in the period (of those,
  adopted); full points at TARGET pieces, in proportion below it;
- share metrics: the share done on time, times POINTS — 主动公开及时率: items published in the period
  within 20 working days of their 生成日期 (第二十六条); 工作要点任务按期完成率: tasks due in the period done
  by their due date; 留言按时答复率 when the messages register (gongkai.interaction) is installed. Nothing
  due in the period is nothing late: full points.
A rule whose register is not installed is left out and the others are scaled to 100, so a department
is never marked down for what Gongkai cannot see. The department's score of 100 times the weight is
what disclosure work adds to its year-end score.

The scoring (rule_points, department_score, year_end_points) is pure and tested from hand-worked
tables; department_figures counts in the database with a fixed number of queries.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from gongkai.catalog.models import Item
from gongkai.workdays.rules import WorkdayIndex
from gongkai.workdays.selectors import current_calendar

from .models import COUNT_METRICS, AssessmentScheme, Metric, PlanTask

PUBLICATION_WORKING_DAYS = 20  # 第二十六条: within 20 working days of being created or changed
DEFAULT_WEIGHT = Decimal(5)
# metric, points, target: the rules of a year the agency has not set yet.
DEFAULT_RULES = ((Metric.SUBMISSIONS_SENT, Decimal(30), 12), (Metric.SUBMISSIONS_ADOPTED, Decimal(30), 4),
                 (Metric.PUBLICATION_TIMELY, Decimal(20), 0), (Metric.PLAN_TASKS_DONE, Decimal(20), 0))
PERIODS = {"year": ("全年", 1, 12), "h1": ("上半年", 1, 6), "h2": ("下半年", 7, 12), "q1": ("第一季度", 1, 3),
           "q2": ("第二季度", 4, 6), "q3": ("第三季度", 7, 9), "q4": ("第四季度", 10, 12)}
CENT = Decimal("0.01")
LATE_AFTER = 60  # calendar days: more than the longest 20 working days (a Spring Festival break included)


@dataclass(frozen=True)
class Rule:
    metric: str
    points: Decimal
    target: int = 0

    @property
    def label(self) -> str:
        return Metric(self.metric).label


def period_span(year: int, period: str) -> tuple[dt.date, dt.date]:
    _, first_month, last_month = PERIODS[period]
    last = dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first_month, 1), last


# --- pure scoring -----------------------------------------------------------------------------------

def rule_points(rule: Rule, figure) -> Decimal | None:
    """The points RULE gives for FIGURE: an int for a count metric, (on_time, due) for a share metric;
    None (not scored) when FIGURE is None (the register is not installed)."""
    if figure is None:
        return None
    if rule.metric in COUNT_METRICS:
        share = Decimal(min(figure, rule.target)) / rule.target if rule.target else Decimal(figure > 0)
    else:
        on_time, due = figure
        share = Decimal(on_time) / due if due else Decimal(1)
    return (rule.points * share).quantize(CENT, ROUND_HALF_UP)


def department_score(earned: list[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Score of 100 from (points earned or None, points possible) per rule: the rules scored, scaled
    to 100; None when no rule could be scored."""
    scored = [(e, p) for e, p in earned if e is not None]
    possible = sum((p for _, p in scored), Decimal(0))
    if not possible:
        return None
    return (sum((e for e, _ in scored), Decimal(0)) * 100 / possible).quantize(CENT, ROUND_HALF_UP)


def year_end_points(score: Decimal | None, weight_percent: Decimal) -> Decimal | None:
    """What disclosure work adds to the year-end score: e.g. 86 of 100 at 5 % is 4.30 points."""
    return None if score is None else (score * weight_percent / 100).quantize(CENT, ROUND_HALF_UP)


def published_on_time(created_on: dt.date, published_on: dt.date, index: WorkdayIndex) -> bool:
    """第二十六条: published no later than the 20th working day after its creation. (20 working days
    never span more than LATE_AFTER calendar days, so the index need not reach back further.)"""
    if published_on <= created_on:
        return True
    if (published_on - created_on).days > LATE_AFTER:
        return False
    return published_on <= index.nth_counted_after(created_on, PUBLICATION_WORKING_DAYS)


# --- the rules of a year ----------------------------------------------------------------------------

def rules_of(org, year: int) -> tuple[Decimal, list[Rule]]:
    """The weight and rules ORG set for YEAR, or the defaults when it set none."""
    scheme = AssessmentScheme.objects.filter(org=org, year=year).prefetch_related("rules").first()
    if scheme is None:
        return DEFAULT_WEIGHT, [Rule(m, p, t) for m, p, t in DEFAULT_RULES]
    return scheme.weight_percent, [Rule(r.metric, r.points, r.target) for r in scheme.rules.all()]


# --- figures in the database ------------------------------------------------------------------------

def _publication(org, first: dt.date, last: dt.date) -> dict[int, tuple[int, int]]:
    rows = list(Item.objects.filter(org=org, status=Item.Status.PUBLISHED, published_on__range=(first, last),
                                    department__isnull=False)
                .values_list("department_id", "created_on", "published_on"))
    if not rows:
        return {}
    index = WorkdayIndex(current_calendar(), first - dt.timedelta(days=LATE_AFTER + 1), last + dt.timedelta(days=LATE_AFTER))
    out: dict[int, list[int]] = {}
    for dept, created, published in rows:
        counts = out.setdefault(dept, [0, 0])
        counts[0] += published_on_time(created, published, index)
        counts[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _plan_tasks(org, first: dt.date, last: dt.date) -> dict[int, tuple[int, int]]:
    rows = (PlanTask.objects.filter(org=org, due_on__range=(first, last)).values("department_id").order_by()
            .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(completed_on__lte=F("due_on")))))
    return {r["department_id"]: (r["on_time"], r["due"]) for r in rows}


def _replies(org, first: dt.date, last: dt.date) -> dict[int, tuple[int, int]]:
    """From the messages register: {department id: (answered within the agency's term, due in the span)}."""
    from gongkai.interaction.assessment import replies_on_time

    return replies_on_time(org, first, last)


def department_figures(org, first: dt.date, last: dt.date) -> dict[str, dict]:
    """metric → {department id: figure} for the span (None for a register that is not installed)."""
    from gongkai.publicity.selectors import submission_counts

    subs = submission_counts([org.pk], first, last, "department")
    return {
        Metric.SUBMISSIONS_SENT: {r["department_id"]: r["sent"] for r in subs},
        Metric.SUBMISSIONS_ADOPTED: {r["department_id"]: r["adopted"] for r in subs},
        Metric.PUBLICATION_TIMELY: _publication(org, first, last),
        Metric.PLAN_TASKS_DONE: _plan_tasks(org, first, last),
        Metric.REPLIES_TIMELY: _replies(org, first, last),
    }


def scoreboard(org, year: int, period: str = "year") -> dict:
    """Every department of ORG with its figures, points per rule, score of 100 and year-end points,
    best first (ties by the department's order)."""
    first, last = period_span(year, period)
    weight, rules = rules_of(org, year)
    figures = department_figures(org, first, last)
    rows = []
    for dept in org.departments.all():
        cells = []
        for rule in rules:
            per_dept = figures[rule.metric]
            if per_dept is None:
                figure = None
            elif rule.metric in COUNT_METRICS:
                figure = per_dept.get(dept.pk, 0)
            else:
                figure = per_dept.get(dept.pk, (0, 0))
            cells.append({"rule": rule, "figure": figure, "points": rule_points(rule, figure)})
        score = department_score([(c["points"], c["rule"].points) for c in cells])
        rows.append({"department": dept, "cells": cells, "score": score, "year_end": year_end_points(score, weight)})
    rows.sort(key=lambda r: (-(r["score"] if r["score"] is not None else Decimal(-1)),
                             r["department"].order, r["department"].pk))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return {"org": org, "year": year, "period": period, "period_label": PERIODS[period][0], "first": first,
            "last": last, "weight": weight, "rules": rules, "rows": rows}


def figure_text(cell: dict) -> str:
    """A cell's figure in words for the table and the 通报: 12 件, 9/10, —."""
    figure = cell["figure"]
    if figure is None:
        return "—"
    if cell["rule"].metric in COUNT_METRICS:
        return f"{figure}件"
    on_time, due = figure
    return f"{on_time}/{due}" if due else "无"
