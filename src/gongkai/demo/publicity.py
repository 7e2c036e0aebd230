"""Demo records of the agency's publicity work, with the flavour of its 2017 report
(shared/reference/): last year's press conferences (10 self-held, 1 through the news office), an online
interview, 2 radio hotlines (阳光946“党风政风热线”), a training held and two attended; 734 微博 and
173 微信 posts; pieces submitted to 科学技术部 (149, 56 adopted), 国家知识产权局 (132, 47) and the
provincial government (405, 161); and this year's first records, work plan and assessment rules.
Loaded once (when the agency has no events yet); dates are drawn with a fixed seed."""
from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.orgs.models import Department, Organisation
from gongkai.orgs.services import org_create_or_rename
from gongkai.oversight import services as oversight
from gongkai.publicity import services
from gongkai.publicity.models import Channel, Event, Post, Submission

BODIES = (("MOST", "科学技术部", 149, 56), ("CNIPA", "国家知识产权局", 132, 47), ("GZGOV", "贵州省人民政府办公厅", 405, 161))
PRESS = [
    ("press_conference", "全省科技创新大会新闻发布会", "厅长"), ("press_conference", "《贵州省科技计划项目管理办法》新闻发布会", "副厅长、政策法规与创新体系建设处处长"),
    ("press_conference", "全省知识产权保护工作新闻发布会", "副局长"), ("press_conference", "科技特派员制度实施情况新闻发布会", "农村科技处处长"),
    ("press_conference", "“千人创新创业人才”引进工作新闻发布会", "人事处处长"), ("press_conference", "大数据与实体经济深度融合科技支撑新闻发布会", "高新技术处处长"),
    ("press_conference", "科技成果转化“十条”政策解读新闻发布会", "成果转化与区域创新处处长"), ("press_conference", "全国知识产权宣传周贵州活动新闻发布会", "知识产权管理处处长"),
    ("press_conference", "省科学技术奖励大会新闻发布会", "副厅长"), ("press_conference", "国家技术转移西南中心贵州分中心揭牌新闻发布会", "对外合作处处长"),
    ("news_office_conference", "贵州省创新驱动发展战略实施情况新闻发布会（省政府新闻办）", "厅长"),
    ("online_interview", "走进政府网站在线访谈：科技创新助推脱贫攻坚", "厅长、农村科技处处长"),
    ("radio_hotline", "阳光946“党风政风热线”：科技惠民政策", "副厅长"), ("radio_hotline", "阳光946“党风政风热线”：专利申请与保护", "副局长"),
    ("training_held", "厅（局）政务公开工作培训会", "办公室主任"),
    ("training_attended", "科技部政务公开与政务信息工作培训班", "信息员"), ("training_attended", "省政府办公厅电子政务培训班", "信息员"),
]
WEIBO, WECHAT = 734, 173
TOPICS = ("科技计划项目申报", "科技成果转化", "知识产权保护", "科技特派员", "大数据创新", "创新平台建设", "科技扶贫",
          "高新技术企业认定", "专利导航", "科普活动")


def load_publicity(org: Organisation, users: dict[str, User]) -> None:
    """Loads the demo publicity records once; the assessment rules and the work plan with them."""
    for code, name, _, _ in BODIES:
        org_create_or_rename(code=code, name=name)
    services.channels_ensure(org=org)
    if Event.objects.filter(org=org).exists():
        return
    clerk, supervisor = users["xinxiyuan"], users["zhuguan"]
    rng = random.Random(2017)
    today = timezone.localdate()
    last = today.year - 1
    first_day, last_day = dt.date(last, 1, 1), dt.date(last, 12, 31)
    days = (last_day - first_day).days

    def day_in_last_year() -> dt.date:
        return first_day + dt.timedelta(days=rng.randrange(days + 1))

    Event.objects.bulk_create([
        Event(org=org, kind=kind, held_on=day_in_last_year(), title=f"{last}年{title}", speakers=speakers,
              url=f"https://kjt.guizhou.gov.cn/xwfb/{last}/{n:03d}.html" if kind != "training_attended" else "",
              created_by=clerk)
        for n, (kind, title, speakers) in enumerate(PRESS, start=1)])
    Event.objects.create(org=org, kind="press_conference", held_on=min(today, dt.date(today.year, 3, 15)),
                         title=f"{today.year}年全省科技工作新闻发布会", speakers="厅长", created_by=clerk)
    _posts(org, clerk, rng, day_in_last_year, today)
    _submissions(org, clerk, rng, day_in_last_year, today)
    _plan(org, supervisor, today)


def _posts(org, clerk, rng, day_in_last_year, today) -> None:
    channels = {c.code: c for c in Channel.objects.filter(org=org)}
    channels["weibo"].name = "“贵州科技”官方微博"
    channels["wechat"].name = "“贵州科技”微信公众号"
    Channel.objects.bulk_update([channels["weibo"], channels["wechat"]], ["name"])
    items = list(Item.objects.filter(org=org, status=Item.Status.PUBLISHED, published_on__year=today.year - 1)
                 .values_list("pk", "title")[:60])
    posts = []
    for code, count in (("weibo", WEIBO), ("wechat", WECHAT)):
        for n in range(count):
            carried = items[n] if code == "wechat" and n < len(items) else None
            title = carried[1] if carried else f"【{rng.choice(TOPICS)}】{code == 'weibo' and '微博' or '推送'}第{n + 1}期"
            posts.append(Post(org=org, channel=channels[code], posted_on=day_in_last_year(), title=title[:300],
                              item_id=carried[0] if carried else None, created_by=clerk))
    for n in range(min(today.timetuple().tm_yday, 40)):  # this year so far: a post most days
        posts.append(Post(org=org, channel=channels["weibo" if n % 3 else "wechat"], created_by=clerk,
                          posted_on=today - dt.timedelta(days=n), title=f"【{TOPICS[n % len(TOPICS)]}】今日发布"))
    Post.objects.bulk_create(posts, batch_size=500)


def _submissions(org, clerk, rng, day_in_last_year, today) -> None:
    departments = list(Department.objects.filter(org=org, kind=Department.Kind.DIVISION))
    subs = []
    for code, _, sent, adopted in BODIES:
        body = Organisation.objects.get(code=code)
        for n in range(sent):
            submitted = day_in_last_year()
            adopted_on = min(submitted + dt.timedelta(days=rng.randrange(1, 15)), today) if n < adopted else None
            subs.append(Submission(org=org, body=body, department=rng.choice(departments), submitted_on=submitted,
                                   title=f"{rng.choice(TOPICS)}工作动态（{n + 1}）", submitted_by=clerk,
                                   status="adopted" if adopted_on else "submitted", adopted_on=adopted_on))
        for n in range(6):  # this year's first pieces, two of them adopted already
            submitted = today - dt.timedelta(days=3 * n + 2)
            if submitted.year != today.year:
                continue
            subs.append(Submission(org=org, body=body, department=departments[n % len(departments)],
                                   submitted_on=submitted, title=f"{TOPICS[n]}最新进展", submitted_by=clerk,
                                   status="adopted" if n >= 4 else "submitted",
                                   adopted_on=submitted + dt.timedelta(days=1) if n >= 4 else None))
    Submission.objects.bulk_create(subs, batch_size=500)


def _plan(org, supervisor, today) -> None:
    year = today.year
    oversight.assessment_rules_set(org=org, year=year, by=supervisor, weight_percent=5, rules=[
        ("submissions_sent", 30, 12), ("submissions_adopted", 30, 4), ("publication_timely", 20, 0),
        ("plan_tasks_done", 20, 0)])
    departments = {d.name: d for d in Department.objects.filter(org=org)}
    tasks = [("更新政府信息公开指南和目录", "办公室", 3, 31, 3, 20), ("公开部门预算及“三公”经费预算", "资源配置与管理处", 4, 15, 4, 10),
             ("科技计划项目立项结果公示", "资源配置与管理处", 6, 30, None, None),
             ("规范性文件清理结果公开", "政策法规与创新体系建设处", 9, 30, 10, 12),
             ("知识产权行政执法信息公开", "知识产权管理处", 11, 30, None, None),
             ("建议提案办理结果公开", "办公室", 12, 31, None, None)]
    for title, dept, month, day, done_month, done_day in tasks:
        task = oversight.plan_task_create(org=org, by=supervisor, year=year, title=title,
                                          department_id=departments[dept].pk, due_on=dt.date(year, month, day))
        done = dt.date(year, done_month, done_day) if done_month else None
        if done and done <= today:
            oversight.plan_task_complete(task_id=task.pk, by=supervisor, completed_on=done)
