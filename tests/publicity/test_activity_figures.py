"""The annual report's `published`, `press`, `training` and `submissions` figures, worked out by hand
for 2025 from records on both sides of 1 January and 31 December (annual-report.md)."""
import datetime as dt

from gongkai.orgs.models import Organisation
from gongkai.publicity import services
from gongkai.publicity.models import Channel, Event, Post, Submission
from gongkai.reports.annual import annual_figures

D = dt.date.fromisoformat


def post(org, code, day):
    Post.objects.create(org=org, channel=org.channels.get(code=code), posted_on=D(day), title="帖子")


def event(org, kind, day):
    Event.objects.create(org=org, kind=kind, held_on=D(day), title="活动")


def sent(org, body, day, adopted_on=None):
    Submission.objects.create(org=org, body=body, title="信息", submitted_on=D(day),
                              status="adopted" if adopted_on else "submitted", adopted_on=D(adopted_on) if adopted_on else None)


def test_it_counts_posts_events_and_submissions_of_the_year(org, other_org, province, most):
    services.channels_ensure(org=org)
    services.channels_ensure(org=other_org)
    Channel.objects.create(org=org, code="douyin", name="抖音号", order=5)
    Channel.objects.create(org=org, code="toutiao", name="头条号", order=6, closed_on=D("2024-06-30"))
    post(org, "weibo", "2025-01-01")     # first day: counted
    post(org, "weibo", "2025-12-31")     # last day: counted
    post(org, "weibo", "2024-12-31")     # the day before: not
    post(org, "wechat", "2026-01-01")    # the day after: not
    post(org, "wechat", "2025-06-01")    # counted
    post(org, "douyin", "2025-03-03")    # the agency's own channel: counted under its code
    post(other_org, "weibo", "2025-05-05")  # another agency's: not
    event(org, "press_conference", "2025-01-01")
    event(org, "press_conference", "2025-12-31")
    event(org, "news_office_conference", "2024-12-31")  # not
    event(org, "online_interview", "2025-07-01")
    event(org, "radio_hotline", "2026-01-01")            # not
    event(org, "training_held", "2025-05-05")
    event(other_org, "training_attended", "2025-05-05")  # another agency's: not
    gzgov = Organisation.objects.create(code="GZGOV", name="贵州省人民政府办公厅")
    sent(org, most, "2025-01-01", adopted_on="2025-01-10")   # sent and adopted in the year
    sent(org, most, "2025-12-31", adopted_on="2026-01-05")   # sent in the year, adopted the next: adopted counts
    sent(org, most, "2024-12-31", adopted_on="2025-01-02")   # sent the year before: neither
    sent(org, province, "2025-06-01")                         # sent, not adopted
    sent(org, province, "2026-01-01")                         # the year after: no
    sent(other_org, gzgov, "2025-06-01", adopted_on="2025-06-02")  # another agency's: no

    act = annual_figures(org, 2025)["activity"]
    assert act["published"] == {"website": 0, "weibo": 2, "wechat": 1, "douyin": 1, "toutiao": 0}
    assert act["press"] == {"press_conference": 2, "news_office_conference": 0, "online_interview": 1, "radio_hotline": 0}
    assert act["training"] == {"training_held": 1, "training_attended": 0}
    assert act["submissions"] == {"sent": 3, "adopted": 2, "by_body": {"MOST": {"sent": 2, "adopted": 2},
                                                                        "gzprov": {"sent": 1, "adopted": 0}}}


def test_it_adds_up_a_province_by_channel_code_and_body(org, other_org, province, most):
    other_org.parent = province
    other_org.save()
    for agency in (org, other_org):
        services.channels_ensure(org=agency)
        post(agency, "weibo", "2025-04-01")
        sent(agency, most, "2025-04-01", adopted_on="2025-04-02")
    act = annual_figures(province, 2025, org_ids=province.descendant_ids())["activity"]
    assert act["published"]["weibo"] == 2
    assert act["submissions"] == {"sent": 2, "adopted": 2, "by_body": {"MOST": {"sent": 2, "adopted": 2}}}


def test_it_counts_the_activity_block_in_a_fixed_number_of_queries(org, most, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.reports.annual import activity

    services.channels_ensure(org=org)
    with CaptureQueriesContext(connection) as few:
        activity([org.pk], 2025)
    for n in range(30):
        post(org, "weibo", "2025-04-01")
        event(org, "press_conference", "2025-04-01")
        sent(org, most, "2025-04-01")
    with django_assert_max_num_queries(len(few.captured_queries)):
        activity([org.pk], 2025)


def test_it_traces_each_figure_to_the_same_records_it_counts(client, org, most, supervisor):
    from django.urls import reverse

    services.channels_ensure(org=org)
    post(org, "weibo", "2025-01-01")
    post(org, "weibo", "2026-01-01")
    event(org, "radio_hotline", "2025-12-31")
    sent(org, most, "2025-06-01", adopted_on="2025-06-03")
    sent(org, most, "2025-07-01")
    client.force_login(supervisor)
    page = client.get(reverse("reports_staff:year", args=[2025]), {"org": "gzsti"}).content.decode()
    assert "官方微博发布信息" in page and "向科学技术部报送" in page

    def traced(table, row, col):
        r = client.get(reverse("reports_staff:trace", args=[2025]), {"org": "gzsti", "table": table, "row": row, "col": col})
        assert r.status_code == 200
        return r.context["page"].paginator.count

    assert traced("posts", "weibo", "count") == 1
    assert traced("events", "radio_hotline", "count") == 1
    assert traced("submissions", "total", "sent") == 2
    assert traced("submissions", "MOST", "adopted") == 1
    bad = client.get(reverse("reports_staff:trace", args=[2025]), {"org": "gzsti", "table": "events", "row": "party",
                                                                  "col": "count"})
    assert bad.status_code == 404
