"""Preparing, finalising and correcting an annual report. A finalised version is a snapshot of the
figures and the prose: later changes to the records never alter it; a correction is a new version
with a reason, and the portal shows the newest final version."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.models import Organisation, Role
from gongkai.orgs.selectors import has_role

from .annual import annual_figures, consistency
from .drafting import draft_prose
from .models import PROSE_KEYS, AnnualReport, YearFigures
from .readiness import finalise_blockers, is_late


def _supervisor(by, org) -> None:
    if not has_role(by, org, Role.SUPERVISOR):
        raise NotAllowed("只有本机关的公开主管可以编制和发布年度报告")


def _names(org, activity: dict) -> dict[str, dict[str, str]]:
    """The names the draft gives to the codes of the activity block: higher bodies and channels."""
    from gongkai.publicity.models import Channel

    bodies = list(activity.get("submissions", {}).get("by_body", {}))
    return {"body_names": dict(Organisation.objects.filter(code__in=bodies).values_list("code", "name")) if bodies else {},
            "channel_names": dict(Channel.objects.filter(org=org).values_list("code", "name"))}


@transaction.atomic
def report_prepare(*, org, year: int, by) -> AnnualReport:
    """The draft of YEAR's report, created with pre-filled prose the first time."""
    _supervisor(by, org)
    draft = AnnualReport.objects.filter(org=org, year=year, status=AnnualReport.Status.DRAFT).first()
    if draft:
        return draft
    version = (AnnualReport.objects.filter(org=org, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    previous = (AnnualReport.objects.filter(org=org, year=year - 1, status=AnnualReport.Status.FINAL)
                .order_by("-version").first())
    figures = annual_figures(org, year)
    prose = draft_prose(org_name=org.name, year=year, figures=figures, previous_problems=previous.problems if previous else "",
                        **_names(org, figures["activity"]))
    report = AnnualReport.objects.create(org=org, year=year, version=version, **prose)
    audit_record("report.prepared", by=by, org=org, obj=report, data={"year": year, "version": version})
    return report


@transaction.atomic
def report_update(*, report_id: int, by, overview: str, problems: str, other_matters: str,
                  correction_reason: str | None = None) -> AnnualReport:
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("org").get(pk=report_id)
    _supervisor(by, report.org)
    if report.status != AnnualReport.Status.DRAFT:
        raise InvalidInput("已定稿的年度报告不能修改；如需更正，请创建更正版本")
    report.overview, report.problems, report.other_matters = overview, problems, other_matters
    if correction_reason is not None:
        report.correction_reason = correction_reason
    report.save()
    return report


@transaction.atomic
def year_figures_set(*, org, year: int, by, licensing: int, penalty: int, enforcement: int, fees_10k_yuan) -> YearFigures:
    """Figures that come from other systems (许可、处罚、强制、收费), entered by staff, with who did it."""
    _supervisor(by, org)
    if min(licensing, penalty, enforcement) < 0 or fees_10k_yuan < 0:
        raise InvalidInput("数量和金额不能为负数")
    row, _ = YearFigures.objects.update_or_create(org=org, year=year, defaults=dict(
        licensing=licensing, penalty=penalty, enforcement=enforcement, fees_10k_yuan=fees_10k_yuan, entered_by=by))
    audit_record("report.figures_entered", by=by, org=org, obj=row, data={"year": year, "licensing": licensing,
                 "penalty": penalty, "enforcement": enforcement, "fees_10k_yuan": str(fees_10k_yuan)})
    return row


def report_prose(report: AnnualReport) -> dict[str, str]:
    return {key: getattr(report, key) for key in PROSE_KEYS}


def report_blockers(report: AnnualReport, figures: dict, *, today=None) -> list[str]:
    """Why REPORT may not be finalised now with FIGURES (readiness.finalise_blockers); the confirmation
    page shows them and report_finalise refuses with them."""
    return finalise_blockers(year=report.year, today=today or timezone.localdate(), prose=report_prose(report),
                             consistency_problems=consistency(figures), version=report.version,
                             correction_reason=report.correction_reason)


@transaction.atomic
def report_finalise(*, report_id: int, by) -> AnnualReport:
    """Freezes the figures as they stand and the prose, and publishes them on the portal — refused
    before the year is over, with a template's placeholder left, with 一 or 五 empty, or with a table
    that does not add up (readiness). Later than 31 January it is allowed, and flagged in the audit
    entry and on the report (AnnualReport.is_late)."""
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("org").get(pk=report_id)
    _supervisor(by, report.org)
    if report.status != AnnualReport.Status.DRAFT:
        raise InvalidInput("该版本已定稿")
    figures = annual_figures(report.org, report.year)
    blockers = report_blockers(report, figures)
    if blockers:
        raise InvalidInput("暂不能定稿：" + "；".join(blockers))
    report.figures, report.status = figures, AnnualReport.Status.FINAL
    report.finalised_by, report.finalised_at = by, timezone.now()
    report.save()
    audit_record("report.finalised", by=by, org=report.org, obj=report, data={
        "year": report.year, "version": report.version, "late": is_late(report.year, timezone.localdate())})
    return report


@transaction.atomic
def report_correct(*, org, year: int, by, reason: str) -> AnnualReport:
    """Opens a correction: a new draft version copying the prose of the newest final one."""
    _supervisor(by, org)
    if not reason.strip():
        raise InvalidInput("请写明更正原因")
    if AnnualReport.objects.filter(org=org, year=year, status=AnnualReport.Status.DRAFT).exists():
        raise InvalidInput("已有一个未定稿的版本")
    latest = AnnualReport.objects.filter(org=org, year=year, status=AnnualReport.Status.FINAL).order_by("-version").first()
    if latest is None:
        raise InvalidInput("该年度尚无已定稿的报告，无需更正")
    report = AnnualReport.objects.create(org=org, year=year, version=latest.version + 1, overview=latest.overview,
                                         problems=latest.problems, other_matters=latest.other_matters,
                                         correction_reason=reason.strip())
    audit_record("report.correction_opened", by=by, org=org, obj=report, data={"year": year, "reason": reason.strip()})
    return report
