"""A higher body's report over its whole tree, exported by a worker: the form answers at once with the
job's page, which offers the file when it is done; the file holds the tree's figures; staff of another
agency reach neither the job nor its file."""
from __future__ import annotations

import io

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.orgs.models import Membership, Organisation, Role
from gongkai.tasks.models import Job


@pytest.fixture
def tree(db, django_user_model):
    top = Organisation.objects.create(code="gzgov", name="贵州省人民政府办公厅")
    Organisation.objects.create(code="sti", name="省科技厅", parent=top)
    head = django_user_model.objects.create_user("province")
    Membership.objects.create(user=head, org=top, role=Role.SUPERVISOR)
    client = Client()
    client.force_login(head)
    return top, client


def test_the_tree_report_is_exported_by_a_job_and_downloaded_from_its_page(tree, outsider):
    top, client = tree
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports_staff:aggregate_export", args=[2025]), {"org": "gzgov", "fmt": "xlsx"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workbench/tasks/{job.pk}/"
    assert (job.kind, job.state, job.org) == ("report.export", "done", top)
    page = client.get(response["Location"]).content.decode()
    assert f'href="/workbench/tasks/{job.pk}/download"' in page
    download = client.get(f"/workbench/tasks/{job.pk}/download")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    sheet_text = " ".join(str(c.value) for ws in load_workbook(io.BytesIO(b"".join(download.streaming_content)))
                          for row in ws.iter_rows() for c in row if c.value)
    assert "贵州省人民政府办公厅（含下级机关）" in sheet_text

    other = Client()
    other.force_login(outsider)
    assert other.get(f"/workbench/tasks/{job.pk}/download").status_code == 404


def test_an_agency_without_agencies_under_it_cannot_export_a_tree(org, supervisor):
    client = Client()
    client.force_login(supervisor)
    response = client.post(reverse("reports_staff:aggregate_export", args=[2025]), {"org": org.code, "fmt": "docx"})
    assert response.status_code == 404 and not Job.objects.exists()
