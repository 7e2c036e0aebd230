"""The annual report's exports as background jobs (decision 0054): the figures of an agency and every
agency under it — for a province, a few hundred agencies — counted and rendered by a worker, the file
kept in storage and downloaded from the job's page by whoever may see the job."""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongkai.core.errors import InvalidInput
from gongkai.orgs.models import Organisation

from .annual import annual_figures
from .exports import render_docx, render_xlsx, report_title

FORMATS = ("docx", "xlsx")


def report_export_start(*, org: Organisation, year: int, fmt: str, by):
    """Queues the export of ORG's report over its whole tree for YEAR as FMT; returns the Job."""
    from gongkai.tasks.services import job_start

    if fmt not in FORMATS:
        raise InvalidInput("不支持的格式")
    return job_start(kind="report.export", title=f"导出{org.name}（含下级机关）{year}年度报告汇总（{fmt.upper()}）",
                     params={"org": org.pk, "year": year, "fmt": fmt, "scope": "tree"}, by=by, org=org)


def report_export_run(job, *, progress) -> dict:
    """Counts and renders; the same name on a rerun, so a retried job leaves one file."""
    org = Organisation.objects.get(pk=job.params["org"])
    year, fmt = job.params["year"], job.params["fmt"]
    progress(0, 2)
    figures = annual_figures(org, year, org_ids=org.descendant_ids())
    progress(1, 2)
    name = f"{org.name}（含下级机关）"
    body = render_docx(name, year, figures, {}) if fmt == "docx" else render_xlsx(name, year, figures)
    stored = f"exports/job-{job.pk}.{fmt}"
    default_storage.delete(stored)
    default_storage.save(stored, ContentFile(body))
    return {"file": stored, "filename": f"{report_title(name, year)}（实时数据）.{fmt}", "bytes": len(body)}
