"""The progress page of a background job. While the job is queued or running the page reloads itself
every few seconds with a <meta http-equiv="refresh"> — no script, so the strict CSP holds — and stops
once it is done (with its result and, for an export, the download) or failed (with the reason)."""
from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import render

from gongkai.core.downloads import file_download

from .selectors import jobs_visible_to

REFRESH_SECONDS = 2


def _job_or_404(request, pk: int):
    job = jobs_visible_to(request.user).filter(pk=pk).first()
    if job is None:  # "not yours" answers like "does not exist"
        raise Http404("没有该后台任务")
    return job


@login_required
def job_list(request):
    jobs = list(jobs_visible_to(request.user)[:50])
    running = any(not j.is_finished for j in jobs)
    return render(request, "tasks/job_list.html", {"jobs": jobs, "refresh": REFRESH_SECONDS if running else None})


@login_required
def job_detail(request, pk: int):
    job = _job_or_404(request, pk)
    response = render(request, "tasks/job_detail.html",
                      {"job": job, "refresh": None if job.is_finished else REFRESH_SECONDS})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def job_download(request, pk: int):
    job = _job_or_404(request, pk)
    if job.state != job.State.DONE or not job.result_file:
        raise Http404("该任务没有可下载的文件")
    name = job.result.get("filename") or PurePosixPath(job.result_file).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return file_download(_Stored(job.result_file), filename=name,
                         content_type=content_type, missing="文件已不存在，请重新导出")


class _Stored:
    """What file_download opens: a name in the default storage."""

    def __init__(self, name: str):
        self.name = name

    def open(self, mode: str = "rb"):
        return default_storage.open(self.name, mode)
