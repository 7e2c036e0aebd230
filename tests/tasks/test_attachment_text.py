"""A large attachment's text is read by a worker after the upload commits; the guard still reads it
before anything is published, whether the worker has run yet or not."""
from __future__ import annotations

import pytest
from django.test import TestCase

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Attachment
from gongkai.tasks import jobs
from gongkai.tasks.models import Job
from tests.catalog.test_guard import to_secrecy_review
from tests.conftest import item_data
from tests.textguard import files

ID = "11010519491231002X"


@pytest.fixture
def large(settings):
    settings.GONGKAI_EXTRACT_INLINE_BYTES = 100  # every test file counts as large


def test_the_worker_reads_a_large_attachments_text_after_the_upload(large, org, dept, clerk, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))
    with TestCase.captureOnCommitCallbacks() as sent:
        attachment = catalog.attachment_add(revision_id=item.revisions.get().pk, by=clerk, name="名单.docx",
                                            content=files.docx(["量子通信专项评分细则"]))
    assert attachment.text_status == "" and Job.objects.get().state == "queued"  # not read inside the upload
    for callback in sent:
        callback()
    attachment.refresh_from_db()
    job = Job.objects.get()
    assert (attachment.text_status, job.state, job.org) == ("ok", "done", org)
    assert "量子通信专项评分细则" in attachment.text
    assert jobs.job_run.apply(args=[job.pk]).get() == "skipped"  # delivered again: nothing twice


def test_the_guard_reads_it_itself_if_the_worker_has_not_run_yet(large, org, dept, clerk, dept_head, topic):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))
    with TestCase.captureOnCommitCallbacks():  # the commit's callbacks are never run: no worker yet
        catalog.attachment_add(revision_id=item.revisions.get().pk, by=clerk, name="名单.docx",
                               content=files.docx([f"申请人身份证号码{ID}"]))
    rev = to_secrecy_review(item, clerk, dept_head)
    from gongkai.catalog.guard import revision_review

    review = revision_review(rev)
    assert any(f.text == ID and source.attachment is not None for source, f in review.blocking())
    assert Attachment.objects.get().text_status == "ok"
