"""Reads that the portal, the workbench and the annual report share. The portal's reads answer None
alike for "missing" and "not public" (a draft consultation is not there for the public)."""
from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from gongkai.orgs.models import Organisation
from gongkai.portal.selectors import catalog_version

from .models import Comment, Consultation, Suggestion

C = Consultation.Status
PUBLIC_FIELDS = ("id", "title", "kind", "opens_on", "closes_on", "status", "result_published_on", "comment_count", "org_id")


def consultations_public(org: Organisation | None) -> QuerySet[Consultation]:
    qs = Consultation.objects.exclude(status=C.DRAFT)
    return qs.filter(org=org) if org is not None else qs


def consultations_open(org: Organisation | None, today: dt.date | None = None) -> list[Consultation]:
    """征求中 and 即将开始: published, the closing day not yet past; closing soonest first."""
    today = today or timezone.localdate()
    return list(consultations_public(org).filter(status=C.OPEN, closes_on__gte=today)
                .only(*PUBLIC_FIELDS).order_by("closes_on", "pk"))


def consultations_closed(org: Organisation | None, today: dt.date | None = None) -> QuerySet[Consultation]:
    """已截止: past their closing day (whether staff have closed them yet or not), newest first."""
    today = today or timezone.localdate()
    return consultations_public(org).filter(closes_on__lt=today).only(*PUBLIC_FIELDS).order_by("-closes_on", "-pk")


PAGE_FIELDS = ("id", "org", "title", "kind", "draft_text", "basis", "explanation", "opens_on", "closes_on", "short_reason",
               "feedback", "status", "result_text", "result_published_on", "comment_count", "updated_at")


def consultation_public(pk: int) -> Consultation | None:
    # The key is unique: no ORDER BY (which .first() would add; compiling it was a sixth of the page).
    # Only what the page shows, without a join: the agency's name and code come from the cache (they
    # change only when an organisation is saved, which bumps the portal's version). The page was held
    # to 0.8 × /_bench/rows/ and this query was most of what it did (bench/RESULTS-consult.md).
    consultation = next(iter(consultations_public(None).only(*PAGE_FIELDS).filter(pk=pk).order_by()[:1]), None)
    if consultation is not None:
        consultation.org = _org(consultation.org_id)
    return consultation


def _org(org_id: int) -> Organisation:
    key = f"consultation:org:{catalog_version()}:{org_id}"
    row = cache.get(key)
    if row is None:
        row = Organisation.objects.filter(pk=org_id).values_list("pk", "code", "name").get()
        cache.set(key, row, 3600)
    return Organisation(pk=row[0], code=row[1], name=row[2])


def consultation_phase(consultation: Consultation, today: dt.date | None = None) -> str:
    """What the public is told: upcoming, open, closed (awaiting the result), concluded."""
    today = today or timezone.localdate()
    if consultation.status == C.CONCLUDED:
        return "concluded"
    if consultation.status == C.OPEN and today < consultation.opens_on:
        return "upcoming"
    if consultation.status == C.OPEN and today <= consultation.closes_on:
        return "open"
    return "closed"


PHASE_LABELS = {"upcoming": "即将开始", "open": "正在征求意见", "closed": "征求意见已截止", "concluded": "已公布采纳情况"}


def consultations_for_staff(org: Organisation) -> QuerySet[Consultation]:
    return Consultation.objects.filter(org=org).select_related("department").order_by("-created_at", "-pk")


def comments_for_staff(consultation: Consultation) -> QuerySet[Comment]:
    return Comment.objects.filter(consultation=consultation).order_by("pk")


# — 建议提案 —

def suggestions_public(org: Organisation | None, year: int | None) -> QuerySet[Suggestion]:
    """Results published (in YEAR, by the date of publication), newest first."""
    qs = Suggestion.objects.filter(result_published_on__isnull=False)
    if org is not None:
        qs = qs.filter(org=org)
    if year:
        qs = qs.filter(result_published_on__year=year)
    return qs.order_by("-result_published_on", "-pk")


def suggestion_public(pk: int) -> Suggestion | None:
    return next(iter(Suggestion.objects.select_related("org").filter(pk=pk, result_published_on__isnull=False).order_by()[:1]), None)


def suggestion_years(org: Organisation | None) -> list[int]:
    qs = Suggestion.objects.filter(result_published_on__isnull=False)
    if org is not None:
        qs = qs.filter(org=org)
    return sorted({d.year for d in qs.dates("result_published_on", "year")}, reverse=True)


def suggestion_results_by_kind(org_ids: list[int], first: dt.date, last: dt.date) -> dict[str, int]:
    """annual-report.md activity.suggestions: results published from FIRST to LAST, both included
    (the report's year: 1 January to 31 December), by kind, and their total — one GROUP BY."""
    counts = {kind: 0 for kind in Suggestion.Kind.values}
    rows = (Suggestion.objects.filter(org_id__in=org_ids, result_published_on__range=(first, last))
            .order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    for kind, n in rows:
        counts[kind] = counts.get(kind, 0) + n
    return {**counts, "total": sum(counts.values())}


def suggestions_for_staff(org: Organisation) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(org=org).select_related("department").order_by("-created_at", "-pk")
