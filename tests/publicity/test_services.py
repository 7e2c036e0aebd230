"""The publicity registers through their services: who may register events, posts and submissions,
manage channels, and record a submission's adoption (the receiving body's staff, or the sender's for
an outside body; never another agency)."""
import datetime as dt

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.core.errors import FieldErrors, IllegalTransition, InvalidInput, NotAllowed
from gongkai.publicity import selectors, services
from gongkai.publicity.models import Channel, Event, Post, Submission

D = dt.date.fromisoformat


def event_data(**over):
    return {"kind": "press_conference", "held_on": D("2026-03-02"), "title": "2026年全省科技创新工作新闻发布会",
            "speakers": "厅长 张三", "url": "https://kjt.guizhou.gov.cn/xwfb/1.html", **over}


def test_it_lets_every_staff_member_register_events_and_no_one_else(org, clerk, dept_head, supervisor, outsider):
    for who in (clerk, dept_head, supervisor):
        services.event_create(org=org, by=who, data=event_data())
    assert Event.objects.filter(org=org).count() == 3
    with pytest.raises(NotAllowed):
        services.event_create(org=org, by=outsider, data=event_data())
    assert AuditEntry.objects.filter(action="event.created").count() == 3


def test_it_names_each_bad_field_of_an_event(org, clerk):
    with pytest.raises(FieldErrors) as refused:
        services.event_create(org=org, by=clerk, data={"kind": "party", "held_on": None, "title": " "})
    assert set(refused.value.errors) == {"kind", "held_on", "title"}
    assert not Event.objects.exists()


def test_it_gives_each_agency_the_built_in_channels_once(org, channels):
    services.channels_ensure(org=org)
    assert [(c.code, c.name, c.kind) for c in org.channels.order_by("order")] == [
        ("website", "门户网站", "website"), ("weibo", "官方微博", "new_media"), ("wechat", "微信公众号", "new_media")]


def test_it_lets_only_the_supervisor_add_rename_and_close_a_channel(org, channels, clerk, supervisor, outsider):
    for who in (clerk, outsider):
        with pytest.raises(NotAllowed):
            services.channel_create(org=org, by=who, code="douyin", name="抖音号")
    douyin = services.channel_create(org=org, by=supervisor, code="Douyin", name="抖音号")
    assert douyin.code == "douyin" and douyin.kind == Channel.Kind.NEW_MEDIA
    with pytest.raises(FieldErrors):
        services.channel_create(org=org, by=supervisor, code="douyin", name="又一个")
    services.channel_rename(channel_id=douyin.pk, by=supervisor, name="科技厅抖音号")
    with pytest.raises(NotAllowed):
        services.channel_close(channel_id=douyin.pk, by=clerk)
    services.channel_close(channel_id=douyin.pk, by=supervisor, closed_on=D("2026-06-30"))
    douyin.refresh_from_db()
    assert douyin.name == "科技厅抖音号" and douyin.runs_on(D("2026-06-29")) and not douyin.runs_on(D("2026-06-30"))
    running = {c.code for c in selectors.running_new_media(org, D("2026-07-01"))}
    assert running == {"weibo", "wechat"}  # closed, and the website is no new-media channel
    with pytest.raises(FieldErrors):  # nothing goes out on a closed channel
        services.post_create(org=org, by=clerk, channel_id=douyin.pk, posted_on=D("2026-07-01"), title="新帖")


def test_it_records_posts_but_never_on_the_website_or_another_agencys_channel(org, other_org, channels, clerk, outsider):
    post = services.post_create(org=org, by=clerk, channel_id=channels["weibo"].pk, posted_on=D("2026-03-02"),
                                title="我省召开科技创新大会", url="https://weibo.com/1")
    assert post.org == org and post.channel.code == "weibo"
    with pytest.raises(FieldErrors) as refused:
        services.post_create(org=org, by=clerk, channel_id=channels["website"].pk, posted_on=D("2026-03-02"), title="x")
    assert "公开目录条目" in refused.value.errors["channel"]
    with pytest.raises(NotAllowed):
        services.post_create(org=org, by=outsider, channel_id=channels["weibo"].pk, posted_on=D("2026-03-02"), title="x")
    services.channels_ensure(org=other_org)
    theirs = other_org.channels.get(code="weibo")
    with pytest.raises(FieldErrors):
        services.post_create(org=org, by=clerk, channel_id=theirs.pk, posted_on=D("2026-03-02"), title="x")


def test_it_marks_a_published_item_carried_on_a_channel_in_one_step(org, channels, clerk, draft, publish):
    item = publish(draft)
    post = services.item_carry(item_id=item.pk, channel_id=channels["wechat"].pk, by=clerk)
    assert (post.item, post.title, post.channel.code) == (item, item.title, "wechat")
    assert list(selectors.posts_of_item(item.pk)) == [post]
    with pytest.raises(InvalidInput):
        services.item_carry(item_id=item.pk, channel_id=channels["wechat"].pk, by=clerk)


def test_it_refuses_to_carry_an_unpublished_item(org, channels, clerk, draft):
    with pytest.raises(FieldErrors) as refused:
        services.item_carry(item_id=draft.pk, channel_id=channels["weibo"].pk, by=clerk)
    assert "已发布" in refused.value.errors["item"]
    assert not Post.objects.exists()


def submit(org, by, body, **over):
    return services.submission_create(org=org, by=by, data={"body_id": body.pk, "title": "我厅推进科技成果转化",
                                                            "submitted_on": D("2026-03-02"), **over})


def test_it_lets_the_higher_body_mark_adoption_and_no_one_else(org, other_org, province, province_clerk, clerk,
                                                                supervisor, outsider):
    sub = submit(org, clerk, province)
    assert list(selectors.inbox(province.pk)) == [sub]
    assert selectors.submission_visible_to(province_clerk).filter(pk=sub.pk).exists()
    assert not selectors.submission_visible_to(outsider).filter(pk=sub.pk).exists()
    for who in (clerk, supervisor, outsider):  # the sender records nothing for a body that works here
        with pytest.raises(NotAllowed):
            services.submission_adopt(submission_id=sub.pk, by=who, adopted_on=D("2026-03-05"))
    with pytest.raises(FieldErrors):
        services.submission_adopt(submission_id=sub.pk, by=province_clerk, adopted_on=D("2026-03-01"))
    services.submission_adopt(submission_id=sub.pk, by=province_clerk, adopted_on=D("2026-03-05"))
    sub.refresh_from_db()
    assert sub.status == Submission.Status.ADOPTED and sub.adopted_on == D("2026-03-05") and sub.adopted_by == province_clerk
    with pytest.raises(IllegalTransition):
        services.submission_adopt(submission_id=sub.pk, by=province_clerk)
    services.submission_unadopt(submission_id=sub.pk, by=province_clerk)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED and sub.adopted_on is None
    entry = AuditEntry.objects.filter(action="submission.adopted").get()
    assert entry.org_id == province.pk and entry.actor_id == province_clerk.pk


def test_it_lets_the_sender_record_an_outside_bodys_adoption(org, most, clerk, outsider):
    sub = submit(org, clerk, most)
    with pytest.raises(NotAllowed):
        services.submission_adopt(submission_id=sub.pk, by=outsider, adopted_on=D("2026-03-04"))
    services.submission_adopt(submission_id=sub.pk, by=clerk, adopted_on=D("2026-03-04"))
    assert Submission.objects.get(pk=sub.pk).is_adopted


def test_it_submits_only_to_higher_or_outside_bodies(org, other_org, outsider, province, most, clerk):
    assert [b.code for b in selectors.receiving_bodies(org)] == ["gzprov", "MOST"]  # gzedu has staff: a peer
    with pytest.raises(FieldErrors) as refused:
        submit(org, clerk, other_org)
    assert "body" in refused.value.errors
    with pytest.raises(FieldErrors):
        submit(org, clerk, org)
    with pytest.raises(NotAllowed):
        submit(org, outsider, province)


def test_it_takes_the_title_of_a_submitted_item_and_counts_per_department_and_body(org, dept, province, most, clerk,
                                                                                   draft, publish):
    item = publish(draft)
    a = submit(org, clerk, most, title="", item_id=item.pk, department_id=dept.pk)
    assert a.title == item.title and a.item == item
    submit(org, clerk, most)
    submit(org, clerk, province, department_id=dept.pk)
    services.submission_adopt(submission_id=a.pk, by=clerk, adopted_on=D("2026-03-03"))
    first, last = D("2026-01-01"), D("2026-12-31")
    by_body = {r["body_id"]: (r["sent"], r["adopted"]) for r in selectors.submission_counts([org.pk], first, last, "body")}
    assert by_body == {most.pk: (2, 1), province.pk: (1, 0)}
    by_dept = {r["department_id"]: (r["sent"], r["adopted"]) for r in
               selectors.submission_counts([org.pk], first, last, "department")}
    assert by_dept == {dept.pk: (2, 1), None: (1, 0)}
