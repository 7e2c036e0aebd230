"""`activity.replies` of the annual report (annual-report.md): messages answered in the year
(`replied_on` in it), by channel code — the built-in six, then the agency's own — and their total.
Worked out by hand for 2025 with records on both sides of 1 January and 31 December."""
from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.interaction.importing import messages_import
from gongkai.interaction.models import Channel
from gongkai.interaction.selectors import replies_by_channel
from gongkai.reports.annual import annual_figures

pytestmark = pytest.mark.django_db

ROWS = [
    # number, channel, received, replied — counted in 2025?
    ("A", "mailbox", "2024-12-20", "2024-12-31"),        # no: answered the day before the year
    ("B", "mailbox", "2024-12-28", "2025-01-01"),        # yes: received last year, answered on 1 January
    ("C", "message_board", "2025-06-03", "2025-06-05"),  # yes
    ("D", "message_board", "2025-12-30", "2025-12-31"),  # yes: answered on 31 December
    ("E", "grassroots", "2025-12-30", "2026-01-01"),     # no: answered the day after the year
    ("F", "hotline", "2025-03-03", "2025-03-04"),        # yes: the agency's own channel
    ("G", "consultation", "2025-11-03", ""),             # no: not answered
    ("H", "other", "2025-04-01", "2025-04-02"),          # yes, though the writer kept it private (is_public 0)
]
# 2025: mailbox 1 (B), message_board 2 (C, D), hotline 1 (F), other 1 (H); total 5.
EXPECTED = {"mailbox": 1, "consultation": 0, "message_board": 2, "grassroots": 0, "social_media": 0, "other": 1,
            "hotline": 1, "total": 5}


def _import(org, tmp_path, rows, name="m.csv"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["number", "channel", "received_on", "subject", "is_public", "replied_on", "reply"])
    for number, channel, received, replied in rows:
        writer.writerow([number, channel, received, f"留言{number}", "0" if number == "H" else "1", replied,
                         "答复" if replied else ""])
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    messages_import(path=path, org_code=org.code)


def test_it_counts_the_messages_answered_in_the_year_by_channel(org, other_org, tmp_path):
    Channel.objects.create(org=org, code="hotline", name="12345热线转办")
    _import(org, tmp_path, ROWS)
    _import(other_org, tmp_path, [("Z", "mailbox", "2025-05-05", "2025-05-06")], name="other.csv")  # another agency
    figures = annual_figures(org, 2025)["activity"]["replies"]
    assert figures == EXPECTED
    assert list(figures) == list(EXPECTED)  # the spec's order, the agency's own code beside the built-in ones
    both = replies_by_channel([org.pk, other_org.pk], *_span(2025))
    assert both["mailbox"] == 2 and both["total"] == 6


def test_it_counts_in_the_database_whatever_the_number_of_messages(org, tmp_path):
    Channel.objects.create(org=org, code="hotline", name="12345热线转办")
    _import(org, tmp_path, ROWS)
    with CaptureQueriesContext(connection) as ctx:
        replies_by_channel([org.pk], *_span(2025))
    assert len(ctx.captured_queries) == 2  # the grouped count, and the agency's own channel codes


def _span(year):
    import datetime as dt

    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def test_each_count_links_to_the_messages_behind_it(client, org, supervisor, tmp_path):
    Channel.objects.create(org=org, code="hotline", name="12345热线转办")
    _import(org, tmp_path, ROWS)
    client.force_login(supervisor)
    page = client.get(f"/workbench/reports/2025/?org={org.code}").content.decode()
    assert "答复公众留言" in page and "table=replies&amp;row=message_board&amp;col=count" in page
    trace = client.get(f"/workbench/reports/2025/trace/?org={org.code}&table=replies&row=message_board&col=count")
    html = trace.content.decode()
    assert trace.status_code == 200 and "共 <strong>2</strong> 条留言" in html
    assert "留言C" in html and "留言D" in html and "留言E" not in html
    total = client.get(f"/workbench/reports/2025/trace/?org={org.code}&table=replies&row=total&col=count").content.decode()
    assert "共 <strong>5</strong> 条留言" in total
