"""What a self-inspection run reads from the records (inspection.facts): only the rows its rules can
fail on, in statements whose size does not grow with the catalogue — and never fewer findings for it.

The rules themselves are tested from tables in test_rules.py; here the facts read through the
shortcuts are checked against the same rules over every record, on the real working-day calendar."""
from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from gongkai.inspection import facts as facts_module
from gongkai.inspection import rules
from gongkai.inspection.facts import Facts
from gongkai.interaction.models import Message, MessageSettings
from gongkai.workdays.models import CalendarOverride
from gongkai.workdays.selectors import current_calendar
from tests.conftest import item_data, publish_through_chain
from tests.interaction.test_replies_figure import _import
from tests.textguard import files

from .test_inspection import inspect, rules_of

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2026, 3, 20)
FIRST = rules.ending_on(ON, 365)
# Days around the Spring Festival of 2026 and the 调休 weekends, where 20 working days span the most
# calendar days, and plain weeks, where they span the fewest.
DAYS = [FIRST + dt.timedelta(days=n) for n in range(0, (ON - FIRST).days + 1)]


def workdays() -> rules.Workdays:
    return rules.Workdays(current_calendar(), FIRST, ON + dt.timedelta(days=3))


def test_publications_read_are_exactly_those_that_may_be_late(org):
    """第二十六条: the run reads only items published more than 20 calendar days after created_on, and
    finds every late item that reading all of them finds."""
    # Four weeks of June 2025 without a weekend (every Saturday and Sunday a 调休 working day): there
    # 20 working days are 20 calendar days, the fewest a calendar allows, and an item published 21
    # days after it was created is late.
    for day in (D(2025, 6, 1) + dt.timedelta(days=n) for n in range(35)):
        if day.weekday() >= 5:
            CalendarOverride.objects.create(day=day, is_workday=True, name="调休")
    for n, lag in enumerate((20, 21, 22)):
        Item.objects.create(org=org, title=f"六月{n}", kind="notice", status=Item.Status.PUBLISHED,
                            created_on=D(2025, 6, 2), published_on=D(2025, 6, 2) + dt.timedelta(days=lag))
    rng = random.Random(26)
    for n in range(300):
        published_on = rng.choice(DAYS)
        lag = rng.choice([0, 5, 19, 20, 21, 25, 26, 27, 28, 29, 30, 35, 45])
        Item.objects.create(org=org, title=f"条目{n}", kind="notice", status=Item.Status.PUBLISHED,
                            created_on=published_on - dt.timedelta(days=lag), published_on=published_on)
    read = Facts()
    facts_module.read_catalogue(org, read, FIRST, ON)
    every = [rules.Publication(pk, "", created, published) for pk, created, published in
             Item.objects.filter(org=org, published_on__range=(FIRST, ON)).values_list("id", "created_on", "published_on")]
    days = workdays()
    for on in (ON, ON + dt.timedelta(days=1), ON + dt.timedelta(days=3)):  # the run and its early warnings
        found, expected = rules.publication_late(on, read.publications, workdays=days), rules.publication_late(on, every, workdays=days)
        assert expected is not None and found == expected
        assert {"六月1", "六月2"} <= {Item.objects.get(pk=r.id).title for r in expected.records}
    assert all((p.published_on - p.created_on).days > 20 for p in read.publications)
    assert len(read.publications) < len(every) * 0.7  # the shortcut leaves most of them unread


def test_messages_read_are_exactly_those_that_may_be_unanswered_or_late(org, tmp_path):
    """A message answered by D within its term in calendar days is read no more; every message the
    rules would name over all of them is still named, today and in the early warnings."""
    rng = random.Random(5)
    rows = []
    for n in range(150):
        received = rng.choice(DAYS)
        lag = rng.choice([None, 0, 1, 4, 5, 6, 7, 8, 9, 12, 30])
        replied = received + dt.timedelta(days=lag) if lag is not None else None
        rows.append((f"M{n}", "mailbox", received.isoformat(), replied.isoformat() if replied and replied <= ON + dt.timedelta(days=2) else ""))
    _import(org, tmp_path, rows)
    read = Facts()
    facts_module.read_messages(org, read, FIRST, ON)
    every = [rules.Message(pk, f"留言 {number}", received, replied) for pk, number, received, replied in
             Message.objects.filter(org=org).values_list("id", "number", "received_on", "replied_on")]
    days, term = workdays(), read.message_term_days
    for on in (ON, ON + dt.timedelta(days=1), ON + dt.timedelta(days=3)):
        assert rules.message_late(on, read.messages, term_days=term, workdays=days) == \
            rules.message_late(on, every, term_days=term, workdays=days)
        assert rules.message_unanswered(on, read.messages) == rules.message_unanswered(on, every)
    assert rules.message_late(ON, every, term_days=term, workdays=days) is not None
    assert len(read.messages) < len(every) * 0.8


def test_it_names_every_published_item_whose_attachment_file_is_gone_page_after_page(
        org, dept, clerk, dept_head, supervisor, topic, monkeypatch):
    """Missing files are found over pages of items (ITEM_PAGE at a time), each item with its
    published revision's attachments only: a draft's missing file is no finding."""
    monkeypatch.setattr(facts_module, "ITEM_PAGE", 2)
    attachments = {}
    for n in range(5):
        item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, title=f"通知{n}"))
        rev = item.revisions.get(status="draft")
        attachments[n] = catalog.attachment_add(revision_id=rev.pk, by=clerk, name=f"附件{n}.docx", content=files.docx([f"正文{n}"]))
        if n < 4:
            publish_through_chain(item, clerk=clerk, dept_head=dept_head, supervisor=supervisor)
    for n in (0, 3, 4):  # two published items' files and the draft's
        attachments[n].file.storage.delete(attachments[n].file.name)
    today = dt.date.today().isoformat()
    found = rules_of(inspect(org, today))["attachment_missing"]
    assert found["severity"] == "warn" and found["count"] == 2
    assert sorted(r["label"] for r in found["records"]) == ["附件“附件0.docx”", "附件“附件3.docx”"]
    assert {r["id"] for r in found["records"]} == {attachments[0].revision.item_id, attachments[3].revision.item_id}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL's partial index")
def test_the_link_scan_can_read_the_partial_index_of_bodies_with_links(org):
    """The query of read_links_and_files matches the predicate of item_body_links, so on a large
    catalogue it reads the few bodies with a link and not the others (a changed filter, icontains
    say, would silently read every body again)."""
    Item.objects.create(org=org, title="有链接", kind="notice", status=Item.Status.PUBLISHED, created_on=ON,
                        published_on=ON, body='<a href="/x/">x</a>')
    query = facts_module.bodies_with_links(org).values_list("id", "title", "body")
    with connection.cursor() as c:
        c.execute("SET LOCAL enable_seqscan = off")
        c.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = query.query.sql_with_params()
        c.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in c.fetchall())
    assert "item_body_links" in plan


def test_a_message_answered_after_the_day_within_a_long_term_is_still_read_for_the_veto(org, tmp_path):
    """With a term longer than three months (an agency may set one), a message received on 12-15 and
    answered on 03-22, within its term, was unanswered on 03-20 for more than three months: a veto."""
    MessageSettings.objects.create(org=org, reply_term_working_days=100)
    _import(org, tmp_path, [("L", "mailbox", "2025-12-15", "2026-03-22")])
    read = Facts()
    facts_module.read_messages(org, read, FIRST, ON)
    assert [m.label for m in read.messages] == ["留言 L"]
    assert [r.label for r in rules.message_unanswered(ON, read.messages).records] == ["留言 L"]


@pytest.mark.parametrize("first, last, spans", [
    (D(2025, 3, 21), D(2025, 3, 21), [(D(2025, 3, 21), D(2025, 3, 21))]),
    (D(2025, 3, 21), D(2025, 5, 2), [(D(2025, 3, 21), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 4, 30)), (D(2025, 5, 1), D(2025, 5, 2))]),
    (D(2024, 2, 1), D(2024, 2, 29), [(D(2024, 2, 1), D(2024, 2, 29))]),
    (D(2025, 12, 31), D(2026, 1, 1), [(D(2025, 12, 31), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 1, 1))]),
])
def test_a_year_is_read_a_month_at_a_time_without_a_day_lost_or_read_twice(first, last, spans):
    assert list(facts_module.months(first, last)) == spans


def test_a_year_of_days_falls_in_twelve_or_thirteen_months_each_day_once():
    spans = list(facts_module.months(FIRST, ON))
    days = [s + dt.timedelta(days=n) for s, e in spans for n in range((e - s).days + 1)]
    assert days == DAYS and len(spans) == 13
