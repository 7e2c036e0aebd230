"""A self-inspection run (督查自查): every rule of rules.py as of a date, the score and result, the early
warnings of what will fail within 3 days, kept as one InspectionRun. `gongkai inspect`, the workbench
page and a higher body's overview all go through inspection_run."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.workdays.selectors import current_calendar

from . import rules
from .facts import HORIZON_DAYS, KIND_LABELS, RECORD_LIMIT, Facts, gather
from .models import InspectionRun

WARNING_DAYS = HORIZON_DAYS  # early warning: what fails within 3 days if nothing is done
RULE_ORDER = list(rules.RULES)


def evaluate(on: dt.date, facts: Facts, workdays: rules.Workdays, *, since_if_never: dt.date) -> list[rules.Finding]:
    """Every rule as of ON over FACTS, in the table's order; only the rules that fail."""
    found = [
        rules.home_stale(on, facts.last_published_on, since_if_never=since_if_never),
        rules.column_stale(on, facts.last_by_column, KIND_LABELS),
        rules.column_empty(on, facts.last_by_column, facts.columns, KIND_LABELS, since=since_if_never),
        rules.interpretation_missing(on, facts.policy_documents),
        rules.publication_late(on, facts.publications, workdays=workdays),
        rules.application_overdue(on, facts.open_applications),
        rules.mandatory_missing(on, facts.mandatory),
        rules.new_media_silent(on, facts.channels),
        rules.suggestion_result_late(on, facts.suggestions, term_days=facts.suggestion_term_days, workdays=workdays),
        rules.message_unanswered(on, facts.messages),
        rules.message_late(on, facts.messages, term_days=facts.message_term_days, workdays=workdays),
    ]
    if facts.broken_links:
        found.append(rules.Finding("link_broken", rules.WARN, on, facts.broken_links))
    if facts.missing_files:
        found.append(rules.Finding("attachment_missing", rules.WARN, on, facts.missing_files))
    return sorted((f for f in found if f), key=lambda f: RULE_ORDER.index(f.rule))


def _record_url(record: rules.Record, org_code: str) -> str:
    if record.type == "item":
        return reverse("workbench:item", args=[record.id])
    if record.type == "application":
        return reverse("applications_staff:case", args=[record.id]) + f"?org={org_code}"
    if record.type == "mandatory":
        return reverse("admin:inspection_mandatorydisclosure_change", args=[record.id])
    if record.type == "column" and record.id in KIND_LABELS:
        return reverse("workbench:items") + f"?org={org_code}&kind={record.id}"
    if record.type == "message":
        return reverse("interaction_staff:message", args=[record.id])
    if record.type == "channel":
        return reverse("publicity:posts") + f"?org={org_code}&channel={record.id}"
    if record.type == "suggestion":
        return reverse("consultation_staff:suggestion", args=[record.id]) + f"?org={org_code}"
    return ""


def _fill_item_labels(findings: list[rules.Finding]) -> None:
    """Titles of the catalogue items shown (the rules read dates only), in one query."""
    ids = {r.id for f in findings for r in f.records[:RECORD_LIMIT] if r.type == "item" and not r.label}
    titles = dict(Item.objects.filter(pk__in=ids).values_list("id", "title")) if ids else {}
    for f in findings:
        f.records = [rules.Record(r.type, r.id, titles.get(r.id, r.label), r.since) if r.type == "item" and not r.label else r
                     for r in f.records[:RECORD_LIMIT]]


def _as_json(finding: rules.Finding, org_code: str) -> dict:
    return {
        "rule": finding.rule, "severity": finding.severity, "count": finding.count,
        "since": finding.since.isoformat(),
        "records": [{"type": r.type, "id": r.id, "label": r.label, "since": r.since.isoformat(),
                     "url": _record_url(r, org_code)} for r in finding.records],
    }


def _carry_since(findings: list[dict], previous: InspectionRun | None) -> None:
    """A finding open in the previous run keeps the day it was first seen there: `since` is how long it
    has been open, even where the records cannot tell (an empty column)."""
    if previous is None:
        return
    before = {(f["rule"], r["type"], str(r["id"])): r["since"] for f in previous.findings for r in f["records"]}
    for f in findings:
        for r in f["records"]:
            seen = before.get((f["rule"], r["type"], str(r["id"])))
            if seen and seen < r["since"]:
                r["since"] = seen
        if f["records"]:
            f["since"] = min(r["since"] for r in f["records"])


def _warnings(on: dt.date, facts: Facts, workdays, findings: list[rules.Finding], *, since_if_never) -> list[dict]:
    """What is not failing on ON but will on one of the next WARNING_DAYS days if nothing changes."""
    failing = {(f.rule, r.type, str(r.id)) for f in findings for r in f.records}
    warned, out = set(), []
    for k in range(1, WARNING_DAYS + 1):
        day = on + dt.timedelta(days=k)
        for f in evaluate(day, facts, workdays, since_if_never=day):
            if f.severity == rules.WARN:
                continue
            seen = failing | warned
            new = [r for r in f.records if (f.rule, r.type, str(r.id)) not in seen]
            if new:
                warned |= {(f.rule, r.type, str(r.id)) for r in new}
                out.append({"rule": f.rule, "severity": f.severity, "on": day.isoformat(), "count": len(new),
                            "records": [{"type": r.type, "id": r.id, "label": r.label} for r in new[:RECORD_LIMIT]]})
    return out


def inspection_run(*, org, on: dt.date, by=None, progress=None) -> InspectionRun:
    """Runs every rule for ORG as of ON and keeps the run. Safe to run twice at once: a run only reads
    the records and appends its own row. PROGRESS(done, total), when given, hears each of its steps."""
    step = progress or (lambda done, total=None: None)
    step(0, 3)
    first = rules.ending_on(on, 365)
    facts = gather(org, on, first)
    step(1, 3)
    workdays = rules.Workdays(current_calendar(), first, on + dt.timedelta(days=WARNING_DAYS))
    findings = evaluate(on, facts, workdays, since_if_never=on)
    warnings = _warnings(on, facts, workdays, findings, since_if_never=on)
    step(2, 3)
    _fill_item_labels(findings)
    score, passed = rules.score(findings, facts.points)
    document = [_as_json(f, org.code) for f in findings]
    previous = InspectionRun.objects.filter(org=org, on__lte=on).order_by("-on", "-ran_at", "-pk").first()
    _carry_since(document, previous)
    with transaction.atomic():
        return InspectionRun.objects.create(org=org, on=on, score=score, passed=passed, findings=document,
                                            warnings=warnings, ran_by=by if by is not None and by.is_authenticated else None)


def inspection_start(*, org, on: dt.date, by):
    """The workbench's "立即自查": the run as a background job (decision 0054) — for a provincial body
    it reads a year of every register — so the request answers at once with the job's progress page.
    Inline (no broker) the job runs in this process as soon as the request's writes commit."""
    from gongkai.tasks.services import job_start

    return job_start(kind="inspection.run", title=f"{org.name}督查自查（截至 {on:%Y-%m-%d}）",
                     params={"org": org.pk, "on": on.isoformat()}, by=by, org=org)


def inspection_run_job(job, *, progress) -> dict:
    """The job of inspection_start. A retried job runs again and appends one more run of the same day,
    which the history shows as two runs — the newest is the one the page shows; nothing is lost."""
    from gongkai.orgs.models import Organisation

    org = Organisation.objects.get(pk=job.params["org"])
    run = inspection_run(org=org, on=dt.date.fromisoformat(job.params["on"]), by=job.created_by, progress=progress)
    progress(3, 3)
    return {"inspection_run": run.pk, "score": run.score, "passed": run.passed,
            "page": f"{reverse('inspection:index')}?org={org.code}"}


def run_as_json(run: InspectionRun) -> dict:
    """The document of `gongkai inspect` (cli.md)."""
    return {"org": run.org.code, "on": run.on.isoformat(), "score": run.score, "passed": run.passed,
            "findings": [{k: f[k] for k in ("rule", "severity", "count", "since", "records")} for f in run.findings],
            "warnings": run.warnings}
