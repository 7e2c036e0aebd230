"""Issue 7 (performance): the publicity registers' lists in the workbench — events, posts, channels,
submissions and the receiving body's inbox — and the portal's press list cost the same number of
queries with N rows as with three times as many."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.publicity import services
from gongkai.publicity.models import Channel, Event, Post, Submission

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def queries(client, url: str) -> int:
    """The queries of one request, after a first one has warmed the caches as on a running site."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_registers_lists_cost_the_same_for_n_or_3n(client, org, dept, clerk, supervisor, province, province_clerk,
                                                       most, channels):
    item = Item.objects.create(org=org, department=dept, title="转载的通知", status="published", kind="notice", created_on=D("2025-02-27"),
                               published_on=D("2025-03-01"))

    def add(n):
        for _ in range(n):
            k = Channel.objects.filter(org=org).count()
            own = services.channel_create(org=org, by=supervisor, code=f"own{k}", name=f"自有账号{k}")
            for i, kind in enumerate(("press_conference", "training_held")):
                Event.objects.create(org=org, kind=kind, held_on=D("2025-03-01") + dt.timedelta(days=i), title=f"活动{k}")
            for channel in (channels["weibo"], own):
                Post.objects.create(org=org, channel=channel, posted_on=D("2025-04-01"), title=f"转载{k}", item=item)
            for body, adopted in ((most, None), (province, D("2025-05-09"))):
                Submission.objects.create(org=org, body=body, department=dept, item=item, title=f"信息{k}",
                                          submitted_on=D("2025-05-01"), status="adopted" if adopted else "submitted",
                                          adopted_on=adopted, submitted_by=clerk)

    agency = [reverse(name) + f"?org={org.code}" for name in
              ("publicity:events", "publicity:posts", "publicity:channels", "publicity:submissions")]
    agency += [reverse("publicity:events") + f"?org={org.code}&year=2025",
               reverse("publicity:posts") + f"?org={org.code}&year=2025&channel=weibo",
               reverse("publicity:submissions") + f"?org={org.code}&year=2025"]
    inbox = reverse("publicity:inbox") + f"?org={province.code}"

    def counts():
        client.logout()
        out = {"press": queries(client, reverse("press:list") + "?year=2025")}
        client.force_login(clerk)
        out |= {url: queries(client, url) for url in agency}
        client.force_login(province_clerk)
        return out | {inbox: queries(client, inbox)}

    add(3)
    few = counts()
    add(6)
    assert counts() == few
    client.force_login(province_clerk)
    assert "信息9" in client.get(inbox).content.decode()
