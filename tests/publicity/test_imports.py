"""`gongkai import events|posts|submissions FILE --org CODE` (import-format.md): Chinese headers, every
row appended or none, every bad row named with its line number, exit 2."""
import datetime as dt

import pytest
from django.core.management.base import CommandError

from gongkai.audit.models import AuditEntry
from gongkai.publicity.models import Event, Post, Submission

from ..cli.conftest import csv_file, run  # noqa: F401  (fixture)

D = dt.date.fromisoformat


def refused_lines(path, register):
    with pytest.raises(CommandError) as refused:
        run("import", register, str(path), "--org", "gzsti")
    assert refused.value.returncode == 2
    return str(refused.value).splitlines()


def assert_named(lines, expected):
    for line, reason in expected:
        assert any(t.startswith(f"第{line}行：") and reason in t for t in lines), (line, reason, lines)


def test_it_imports_events_by_code_or_label_and_appends(org, csv_file):
    path = csv_file([["类别", "日期", "主题", "发布人/参加人", "链接"],
                     ["press_conference", "2025-03-01", "科技创新新闻发布会", "厅长", "https://example.cn/1"],
                     ["在线访谈", "2025-04-01", "走进直播间", "", ""]], name="events.csv")
    assert run("import", "events", str(path), "--org", "gzsti") == {"created": 2, "updated": 0}
    assert run("import", "events", str(path), "--org", "gzsti") == {"created": 2, "updated": 0}  # no number: appends
    assert set(Event.objects.values_list("kind", flat=True)) == {"online_interview", "press_conference"}
    assert Event.objects.count() == 4 and AuditEntry.objects.filter(action="event.imported").count() == 2


def test_it_names_every_bad_event_row_and_writes_nothing(org, csv_file):
    path = csv_file([["kind", "held_on", "title"],
                     ["press_conference", "2025-03-01", "好的一行"],
                     ["party", "2025-03-01", "类别不对"],
                     ["training_held", "2025/03/01", "日期写法不对"],
                     ["radio_hotline", "2025-03-01", ""],
                     ["radio_hotline", "2999-01-01", "未来"]], name="events.csv")
    lines = refused_lines(path, "events")
    assert lines[0] == "导入失败：4 行有误，未写入任何数据"
    assert_named(lines, [(3, "party"), (4, "2025/03/01"), (5, "主题不能为空"), (6, "晚于今天")])
    assert not any(t.startswith("第2行") for t in lines)
    assert not Event.objects.exists()


def test_it_imports_posts_with_the_item_they_carry(org, csv_file, draft, publish):
    item = publish(draft)
    path = csv_file([["渠道", "发布日期", "标题", "链接", "对应条目"],
                     ["weibo", "2025-03-01", "微博一条", "https://weibo.com/1", ""],
                     ["微信公众号", "2025-03-02", "微信一条", "", item.index_number]], name="posts.csv")
    assert run("import", "posts", str(path), "--org", "gzsti") == {"created": 2, "updated": 0}
    carried = Post.objects.get(channel__code="wechat")
    assert carried.item == item and carried.org == org


def test_it_names_every_bad_post_row_and_writes_nothing(org, other_org, csv_file):
    path = csv_file([["channel", "posted_on", "title", "item"],
                     ["weibo", "2025-03-01", "好的一行", ""],
                     ["douyin", "2025-03-01", "没有这个渠道", ""],
                     ["website", "2025-03-01", "门户网站", ""],
                     ["wechat", "", "没有日期", ""],
                     ["wechat", "2025-03-01", "没有的条目", "11520000009390012X/2025-09999"]], name="posts.csv")
    lines = refused_lines(path, "posts")
    assert_named(lines, [(3, "douyin"), (4, "gongkai import items"), (5, "发布日期不能为空"), (6, "2025-09999")])
    assert not Post.objects.exists()


def test_it_imports_submissions_with_their_adoption(org, dept, province, most, csv_file):
    path = csv_file([["报送对象", "报送日期", "标题", "报送处室", "是否采用", "采用日期"],
                     ["MOST", "2025-03-01", "我省科技成果转化", dept.name, "1", "2025-03-05"],
                     ["gzprov", "2025-03-02", "科技特派员", "", "0", ""],
                     ["most", "2025-03-03", "无采用列值", "", "", ""]], name="submissions.csv")
    assert run("import", "submissions", str(path), "--org", "gzsti") == {"created": 3, "updated": 0}
    adopted = Submission.objects.get(title="我省科技成果转化")
    assert (adopted.body, adopted.department, adopted.status, adopted.adopted_on) == (most, dept, "adopted", D("2025-03-05"))
    assert Submission.objects.filter(status="submitted").count() == 2


def test_it_names_every_bad_submission_row_and_writes_nothing(org, other_org, outsider, province, most, csv_file):
    path = csv_file([["body", "submitted_on", "title", "department", "adopted", "adopted_on"],
                     ["MOST", "2025-03-01", "好的一行", "", "1", "2025-03-01"],
                     ["NOBODY", "2025-03-01", "不存在的机关", "", "", ""],
                     ["gzedu", "2025-03-01", "平级机关", "", "", ""],
                     ["MOST", "2025-03-01", "采用而无日期", "", "1", ""],
                     ["MOST", "2025-03-05", "采用早于报送", "", "1", "2025-03-04"],
                     ["MOST", "2025-03-05", "未采用却有日期", "", "0", "2025-03-06"],
                     ["MOST", "2025-03-05", "是否采用写错", "", "采用", ""],
                     ["MOST", "2025-03-05", "处室不存在", "宣传处", "", ""]], name="submissions.csv")
    lines = refused_lines(path, "submissions")
    assert lines[0] == "导入失败：7 行有误，未写入任何数据"
    assert_named(lines, [(3, "gongkai org create"), (4, "不是本机关的上级机关"), (5, "须填写采用日期"),
                         (6, "早于报送日期"), (7, "是否采用不是 1"), (8, "应填 0 或 1"), (9, "宣传处")])
    assert not Submission.objects.exists()
