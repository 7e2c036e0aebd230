"""Scheduled publication (定时发布): set in the workbench, carried out by `gongkai publish_due` (cron)."""
from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.utils import timezone

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Revision
from gongkai.search.selectors import search_items

from .conftest import advance, page_text
from ..conftest import item_data


def publish_due() -> dict:
    out = io.StringIO()
    call_command("publish_due", stdout=out)
    return json.loads(out.getvalue())


def approved(item, clerk, dept_head, supervisor) -> Revision:
    rev = item.revisions.get()
    for action, by in (("submit", clerk), ("dept_approve", dept_head), ("secrecy_approve", supervisor)):
        catalog.revision_advance(revision_id=rev.pk, action=action, by=by)
    return rev


def time_passes(rev: Revision) -> None:
    """The scheduled moment arrives (moving it into the past stands in for waiting)."""
    Revision.objects.filter(pk=rev.pk).update(publish_at=timezone.now() - dt.timedelta(minutes=1))


def test_a_scheduled_item_is_published_when_its_time_comes_and_only_once(as_clerk, draft, clerk, dept_head, supervisor):
    rev = approved(draft, clerk, dept_head, supervisor)
    when = timezone.localtime() + dt.timedelta(days=1)
    page = page_text(advance(as_clerk, rev, "schedule", publish_at=when.strftime("%Y-%m-%dT%H:%M")))
    assert "已设定定时发布" in page and when.strftime("%Y-%m-%d %H:%M") in page  # shown in Beijing time
    assert publish_due() == {"published": 0}  # not yet
    draft.refresh_from_db()
    assert draft.status == Item.Status.UNPUBLISHED and search_items("专利").count == 0

    time_passes(rev)
    assert publish_due() == {"published": 1}
    assert publish_due() == {"published": 0}
    draft.refresh_from_db()
    assert draft.status == Item.Status.PUBLISHED and search_items("专利").ids == [draft.pk]
    assert list(draft.steps.filter(action="publish").values_list("comment", "actor")) == [("定时发布", None)]


def test_a_schedule_in_the_past_is_refused_and_can_be_cancelled(as_clerk, draft, clerk, dept_head, supervisor):
    rev = approved(draft, clerk, dept_head, supervisor)
    past = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert "定时发布时间必须晚于当前时间" in page_text(advance(as_clerk, rev, "schedule", publish_at=past))
    future = (timezone.localtime() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    advance(as_clerk, rev, "schedule", publish_at=future)
    assert "已取消定时发布" in page_text(advance(as_clerk, rev, "unschedule"))
    time_passes(rev)
    assert publish_due() == {"published": 0}
    assert Revision.objects.get(pk=rev.pk).status == "approved"


def test_a_second_run_starting_mid_way_publishes_each_item_once(org, dept, clerk, dept_head, supervisor, monkeypatch):
    """Two cron runs overlap: the second starts while the first is publishing its first item. Each
    revision is claimed before it is published, so neither run publishes one the other has taken."""
    revisions = []
    for i in range(3):
        item = catalog.item_create_draft(org=org, by=clerk, data=item_data(title=f"定时发布{i}", dept=dept))
        rev = approved(item, clerk, dept_head, supervisor)
        catalog.revision_advance(revision_id=rev.pk, action="schedule", by=clerk,
                                 publish_at=timezone.now() + dt.timedelta(hours=1))
        time_passes(rev)
        revisions.append(rev)
    real_publish, second_run = catalog._publish, []

    def publish_while_another_run_starts(revision, by, **kwargs):
        if not second_run:
            second_run.append(None)
            # Another server's cron: the command is skipped while this run holds its claim
            # (tasks/periodic.py) …
            assert publish_due()["skipped"] is True
            # … and should that claim have lapsed, each revision's own claim still holds.
            second_run[0] = catalog.revisions_publish_due()
        return real_publish(revision, by, **kwargs)

    monkeypatch.setattr(catalog, "_publish", publish_while_another_run_starts)
    first_run = publish_due()["published"]
    assert second_run == [2] and first_run == 1  # the second took the two the first had not claimed yet
    assert Item.objects.filter(status="published").count() == 3
    assert Item.objects.exclude(index_number=None).values("index_number").distinct().count() == 3
    for rev in revisions:
        assert rev.steps.filter(action="publish").count() == 1
