"""Reads of the annual report shared by the workbench, the portal and the CLI: the records behind a
figure (traceability), the comparison of a higher body's agencies, and the published versions.

Every count traced here is selected with the same filter that counted it (annual.row_filter and its
siblings), so a trace list always has as many rows as the figure it explains."""
from __future__ import annotations

import re

from django.db.models import Count, Exists, OuterRef

from gongkai.applications.models import Application
from gongkai.applications.outcomes import Outcome
from gongkai.oversight.models import ReviewCase
from gongkai.orgs.models import Organisation
from gongkai.publicity.models import Event, EventKind, Post, Submission

from . import labels as L
from .annual import (COLUMNS, PROACTIVE_KINDS, REVIEW_KINDS, REVIEW_RESULTS, ROWS, column_filter, event_filter,
                     post_filter, proactive_filter, proactive_items, review_filter, row_filter, submission_filter)
from .models import AnnualReport

PROACTIVE_COLS = ("issued", "repealed", "in_force")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")  # a channel's or a receiving body's code


# --- traceability ---------------------------------------------------------------------------------

def trace_is_valid(table: str, row: str, col: str) -> bool:
    """Whether (TABLE, ROW, COL) names a traceable cell of the report."""
    if table == "applications":
        return row in ROWS and col in COLUMNS
    if table == "proactive":
        return row in PROACTIVE_KINDS and col in PROACTIVE_COLS
    if table == "reviews":
        return row in REVIEW_KINDS and col in REVIEW_RESULTS
    if table == "posts":  # activity.published.<channel code>
        return bool(_CODE.fullmatch(row)) and col == "count"
    if table == "events":  # activity.press / activity.training, by kind
        return row in EventKind.values and col == "count"
    if table == "submissions":  # activity.submissions: row = a body's code or total, col = sent / adopted
        return bool(_CODE.fullmatch(row)) and col in ("sent", "adopted")
    return False


def trace_label(table: str, row: str, col: str) -> str:
    """The cell in words, e.g. “三、本年度办理结果（一）予以公开 · 商业企业”."""
    if table == "applications":
        prefix = f"{L.SECTION_THREE}" if row in Outcome.values else ""
        return f"{prefix}{L.ROW_LABELS[row]} · {L.COLUMN_LABELS[col]}"
    if table == "proactive":
        return f"{L.PROACTIVE_LABELS[row]} · {L.PROACTIVE_COLUMNS[col]}"
    if table == "posts":
        return f"政务新媒体发布 · {row}"
    if table == "events":
        return EventKind(row).label
    if table == "submissions":
        return f"信息报送 · {'全部报送对象' if row == 'total' else row} · {'报送' if col == 'sent' else '被采用'}"
    return f"{L.REVIEW_KIND_LABELS[row]} · {L.REVIEW_RESULT_LABELS[col]}"


def trace_records(org_ids: list[int], year: int, table: str, row: str, col: str):
    """The records behind one count of YEAR's report for ORG_IDS (call trace_is_valid first)."""
    if table == "applications":
        return (Application.objects.filter(org_id__in=org_ids).filter(row_filter(row, year) & column_filter(col))
                .select_related("org").only("pk", "number", "org__name", "org__code", "applicant_type", "received_on",
                                             "closed_on", "outcome", "status")
                .order_by("received_on", "pk"))
    if table == "proactive":
        return (proactive_items(org_ids).filter(kind=row).filter(proactive_filter(col, year))
                .select_related("org").only("pk", "title", "index_number", "document_number", "published_on",
                                             "repealed_on", "validity", "org__name", "org__code")
                .order_by("published_on", "pk"))
    if table == "posts":
        return (Post.objects.filter(org_id__in=org_ids).filter(post_filter(row, year))
                .select_related("org", "channel", "item").order_by("posted_on", "pk"))
    if table == "events":
        return Event.objects.filter(org_id__in=org_ids).filter(event_filter(row, year)).select_related("org").order_by("held_on", "pk")
    if table == "submissions":
        subs = Submission.objects.filter(org_id__in=org_ids).filter(submission_filter(col, year))
        if row != "total":
            subs = subs.filter(body__code=row)
        return subs.select_related("org", "body", "department").order_by("submitted_on", "pk")
    return (ReviewCase.objects.filter(org_id__in=org_ids, kind=row).filter(review_filter(col, year))
            .select_related("org", "application").order_by("filed_on", "pk"))


# --- a higher body's agencies side by side -----------------------------------------------------------

def comparison(org_ids: list[int], year: int) -> list[dict]:
    """One row per agency of ORG_IDS (the higher body first): new, closed, carried out, the share of closed applications
    disclosed in full (予以公开), and reconsideration/litigation results corrected — counted by two
    grouped queries (applications, review cases), whatever the number of agencies."""
    counted = {"new": "new", "closed": "total", "carried_out": "carried_out", "disclosed": "disclosed"}
    span = row_filter("new", year) | row_filter("total", year) | row_filter("carried_out", year)
    per_org = {r["org_id"]: r for r in (
        Application.objects.filter(org_id__in=org_ids).filter(span).values("org_id").order_by()
        .annotate(**{key: Count("pk", filter=row_filter(row, year)) for key, row in counted.items()}))}
    corrected = dict(ReviewCase.objects.filter(org_id__in=org_ids).filter(review_filter("corrected", year))
                     .values("org_id").order_by().annotate(n=Count("pk")).values_list("org_id", "n"))
    rows = []
    orgs = Organisation.objects.filter(pk__in=org_ids).only("pk", "code", "name", "parent_id")
    # The higher body itself (first of ORG_IDS, as descendant_ids gives them) leads, then its agencies.
    for org in sorted(orgs, key=lambda o: (o.pk != org_ids[0], o.code)):
        r = per_org.get(org.pk, {})
        closed, disclosed = r.get("closed", 0), r.get("disclosed", 0)
        rows.append({
            "org": org, "new": r.get("new", 0), "closed": closed, "carried_out": r.get("carried_out", 0),
            "disclosed": disclosed, "disclosed_share": (disclosed / closed) if closed else None,
            "disclosed_percent": f"{disclosed * 100 / closed:.1f}%" if closed else "—",
            "corrected": corrected.get(org.pk, 0),
        })
    return rows


# --- published versions ----------------------------------------------------------------------------

def _final():
    return AnnualReport.objects.filter(status=AnnualReport.Status.FINAL)


def _newest_final():
    newer = _final().filter(org=OuterRef("org"), year=OuterRef("year"), version__gt=OuterRef("version"))
    return _final().filter(~Exists(newer))


def published_reports(org_ids: list[int] | None = None):
    """The newest final version of each agency's report for each year, newest year first (the
    snapshots themselves are not loaded: a list needs none of their figures)."""
    qs = _newest_final().select_related("org").defer("figures", "overview", "problems", "other_matters")
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    return qs.order_by("-year", "org__code")


def published_report(org_code: str, year: int, version: int | None = None) -> AnnualReport | None:
    """The newest final version (or the final VERSION) of ORG_CODE's report for YEAR; drafts never."""
    qs = _final().select_related("org", "finalised_by").filter(org__code=org_code, year=year)
    return (qs.filter(version=version) if version else qs.order_by("-version")).first()


def final_versions(org, year: int) -> list[AnnualReport]:
    return list(_final().filter(org=org, year=year).defer("figures").order_by("-version"))


def year_on_year(org, year: int, *, count: int = 5) -> list[tuple[int, int]]:
    """(year, new applications) from the last COUNT published reports up to YEAR (the newest final
    version of each), oldest first: the portal's year-on-year chart reads published snapshots only."""
    reports = _newest_final().filter(org=org, year__lte=year).order_by("-year").only("year", "figures")[:count]
    return [(r.year, r.figures["applications"]["rows"]["new"]["total"]) for r in list(reports)[::-1]]


def report_versions(org, year: int) -> list[AnnualReport]:
    """Every version of ORG's report for YEAR, newest first (the workbench's list of downloads)."""
    return list(AnnualReport.objects.filter(org=org, year=year).select_related("finalised_by")
                .defer("figures").order_by("-version"))
