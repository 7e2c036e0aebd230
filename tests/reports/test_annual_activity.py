"""The report's activity figures (items published on the website, interpretations, fees charged) and
the applications table counted in one pass with the fees: the same figures whichever way they are
asked for, on the boundaries of the year."""
import datetime as dt

from gongkai.applications.models import Application
from gongkai.catalog.models import Item
from gongkai.reports.annual import activity, annual_figures, applications_table

D = dt.date.fromisoformat


def item(org, kind, published, status="published"):
    Item.objects.create(org=org, title="文件", created_on=D(published), published_on=D(published), status=status, kind=kind)


def app(org, number, received, closed=None, fee=0, outcome="disclosed"):
    Application.objects.create(
        org=org, number=number, query_code="TESTCODE", channel="letter", applicant_type="natural_person",
        applicant_name="申请人", subject="……", received_on=D(received), closed_on=D(closed) if closed else None,
        outcome=outcome if closed else "", status="closed" if closed else "registered", fee_yuan=fee)


def test_published_items_interpretations_and_fees_of_the_year(org, other_org):
    item(org, "notice", "2025-01-01")            # first day: counted
    item(org, "interpretation", "2025-12-31")    # last day: counted, and an interpretation
    item(org, "interpretation", "2024-12-31")    # the year before: not
    item(org, "notice", "2026-01-01")            # the year after: not
    item(org, "notice", "2025-06-01", status="draft")  # not published: not
    item(other_org, "interpretation", "2025-06-01")    # another agency's: not
    app(org, "A", "2024-12-20", "2025-01-05", fee=100)  # closed in 2025: its fee counts
    app(org, "B", "2025-11-20", "2025-12-31", fee=50)   # closed on 31 Dec: counts
    app(org, "C", "2025-12-10", "2026-01-04", fee=70)   # closed the next year: not
    app(org, "D", "2024-03-01", "2024-12-31", fee=30)   # closed the year before: not
    app(org, "E", "2025-12-30")                         # open: no fee yet

    figures = annual_figures(org, 2025)
    expected = {"website": 2, "weibo": 0, "wechat": 0}
    assert figures["activity"]["published"] == expected and figures["activity"]["interpretations"] == 1
    assert figures["activity"]["application_fees_yuan"] == 150
    assert activity([org.pk], 2025) == figures["activity"]  # counting the fees apart gives the same
    assert applications_table([org.pk], 2025) == figures["applications"]
    # Received in 2025: B, C, E; carried in from 2024: A; closed in 2025: A, B; carried out: C, E.
    rows = figures["applications"]["rows"]
    assert [rows[r]["total"] for r in ("new", "carried_in", "total", "disclosed", "carried_out")] == [3, 1, 2, 2, 2]


def test_the_activity_block_has_the_shape_of_the_spec(org):
    """annual-report.md's `activity` block, every key present, zeros included, in the spec's order."""
    act = annual_figures(org, 2025)["activity"]
    assert list(act) == ["published", "interpretations", "press", "training", "replies", "suggestions",
                         "submissions", "application_fees_yuan"]
    assert act["published"] == {"website": 0, "weibo": 0, "wechat": 0}
    assert act["press"] == {"press_conference": 0, "news_office_conference": 0, "online_interview": 0, "radio_hotline": 0}
    assert act["training"] == {"training_held": 0, "training_attended": 0}
    assert act["replies"] == {"mailbox": 0, "consultation": 0, "message_board": 0, "grassroots": 0,
                              "social_media": 0, "other": 0, "total": 0}
    assert act["suggestions"] == {"deputy": 0, "member": 0, "total": 0}
    assert act["submissions"] == {"sent": 0, "adopted": 0, "by_body": {}}
