"""The publicity pages of the workbench and the portal: staff of the agency work there, another
agency's staff get 404, the public press list shows press events only, in a constant number of queries."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.publicity import services
from gongkai.publicity.models import Event, Post, Submission

D = dt.date.fromisoformat
PAGES = ["publicity:events", "publicity:event_new", "publicity:posts", "publicity:channels", "publicity:submissions",
         "publicity:inbox", "oversight:scoreboard", "oversight:plan"]


@pytest.mark.parametrize("name", PAGES)
def test_it_opens_each_page_for_staff_and_hides_it_from_another_agency(client, org, dept, clerk, outsider, name):
    client.force_login(clerk)
    page = client.get(reverse(name), {"org": "gzsti"})
    assert page.status_code == 200 and "贵州省科学技术厅" in page.content.decode()
    client.force_login(outsider)
    assert client.get(reverse(name), {"org": "gzsti"}).status_code == 404


def test_it_registers_an_event_and_a_post_from_the_workbench(client, org, clerk):
    client.force_login(clerk)
    done = client.post(reverse("publicity:event_new") + "?org=gzsti", {
        "org": "gzsti", "kind": "press_conference", "held_on": "2026-03-02", "title": "科技创新新闻发布会",
        "speakers": "厅长", "url": "https://example.cn/1"})
    assert done.status_code == 302 and Event.objects.get().title == "科技创新新闻发布会"
    client.get(reverse("publicity:posts"), {"org": "gzsti"})  # the page gives the agency its built-in channels
    weibo = org.channels.get(code="weibo")
    done = client.post(reverse("publicity:posts") + "?org=gzsti", {
        "org": "gzsti", "channel": weibo.pk, "posted_on": "2026-03-02", "title": "微博一条"})
    assert done.status_code == 302 and Post.objects.get().channel == weibo
    refused = client.post(reverse("publicity:posts") + "?org=gzsti", {"org": "gzsti", "channel": "", "posted_on": "",
                                                                       "title": ""})
    assert refused.status_code == 400 and "请选择渠道" in refused.content.decode()


def test_it_carries_an_item_from_its_workbench_page_in_one_step(client, org, clerk, draft, publish):
    item = publish(draft)
    services.channels_ensure(org=org)
    client.force_login(clerk)
    page = client.get(reverse("workbench:item", args=[item.pk])).content.decode()
    assert "新媒体转载" in page and "官方微博" in page and "门户网站</option>" not in page
    wechat = org.channels.get(code="wechat")
    client.post(reverse("publicity:item_carry", args=[item.pk]), {"channel": wechat.pk, "posted_on": "2026-03-03"})
    post = Post.objects.get()
    assert (post.item, post.channel, post.posted_on) == (item, wechat, D("2026-03-03"))
    assert "已标记在“微信公众号”转载" in client.get(reverse("workbench:item", args=[item.pk])).content.decode()


def test_it_lets_the_higher_body_adopt_from_its_inbox_but_not_an_unrelated_agency(client, org, province,
                                                                                    province_clerk, clerk, outsider):
    sub = services.submission_create(org=org, by=clerk, data={"body_id": province.pk, "title": "科技特派员工作经验",
                                                              "submitted_on": D("2026-03-02")})
    url = reverse("publicity:submission_adoption", args=[sub.pk, "adopt"])
    client.force_login(outsider)
    assert client.post(url, {"adopted_on": "2026-03-04"}).status_code == 404
    client.force_login(clerk)
    client.post(url, {"adopted_on": "2026-03-04"})
    assert Submission.objects.get().status == "submitted"  # refused: the province adopts, not the sender
    client.force_login(province_clerk)
    inbox = client.get(reverse("publicity:inbox"), {"org": "gzprov"}).content.decode()
    assert "科技特派员工作经验" in inbox and "标记采用" in inbox
    client.post(url, {"adopted_on": "2026-03-04", "org": "gzprov", "next": "inbox"})
    assert Submission.objects.get().adopted_on == D("2026-03-04")


def test_it_lists_press_events_publicly_in_a_constant_number_of_queries(client, org, other_org,
                                                                          django_assert_num_queries):
    Event.objects.create(org=org, kind="press_conference", held_on=D("2025-03-01"), title="发布会一")
    Event.objects.create(org=org, kind="training_held", held_on=D("2025-03-02"), title="内部培训")
    client.get(reverse("press:list"))  # warm the header and footer caches
    with django_assert_num_queries(3) as one:
        page = client.get(reverse("press:list")).content.decode()
    assert "发布会一" in page and "内部培训" not in page
    for n in range(20):
        Event.objects.create(org=other_org, kind="online_interview", held_on=D("2025-04-01"), title=f"访谈{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("press:list"), {"year": 2025}).content.decode()
    assert "访谈19" in page and "2025年" in page
