"""Demo messages of the public (回应关切): about three dozen, across the six built-in channels and one
channel of the agency's own, in every state — a year of answered history (most published on the
portal, some kept private by their writers, a few answered late), and today's work in the workbench:
waiting to be assigned, being drafted, under review, returned, one overdue, and two held back as
spam (one to release, one set aside). History goes through the import's writer, today's work through
the services, by the person whose step it is (信息员 assigns and drafts, 处室负责人 approves).
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.interaction import importing, rules, services
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.selectors import reply_term
from gongkai.orgs.models import Department, Organisation
from gongkai.workdays.selectors import current_calendar

OFFICE, POLICY = "办公室", "政策法规与创新体系建设处"
# subject, question, reply — invented, in the agency's usual matters.
TOPICS = [
    ("科技计划项目申报时间", "请问2026年度省科技计划项目什么时候开始申报？申报系统在哪里？",
     "2026年度省科技计划项目申报通知已于门户网站“通知公告”栏目发布，申报通过省科技管理信息系统进行。"),
    ("高新技术企业认定材料", "我公司准备申请高新技术企业认定，需要准备哪些材料？",
     "请参照《高新技术企业认定管理办法》及工作指引准备材料，详见“政策文件”栏目。"),
    ("科技特派员补助发放", "去年选派的科技特派员补助什么时候发放？",
     "补助资金已按程序下达各市（州）科技局，请与所在地科技局联系。"),
    ("专利资助申请条件", "个人发明专利授权后可以申请资助吗？",
     "符合条件的个人发明专利可以申请资助，具体条件见知识产权资助办法。"),
    ("科技型中小企业评价", "科技型中小企业评价入库的时间和流程是怎样的？",
     "评价工作全年开展，企业可随时在全国科技型中小企业信息服务平台填报。"),
    ("省级重点实验室考核结果", "省级重点实验室年度考核结果会公开吗？",
     "考核结果将在考核工作结束后在门户网站公示。"),
    ("科技成果登记", "科技成果登记需要哪些手续？",
     "请登录科技成果登记系统提交材料，登记机构在10个工作日内办理。"),
    ("技术合同认定登记", "技术合同认定登记在哪里办理？能否网上办理？",
     "技术合同认定登记可通过全国技术合同网上登记系统办理。"),
    ("科研项目经费调整", "在研项目需要调整预算，应当如何申请？",
     "项目承担单位可按照省级财政科研项目资金管理办法的规定自行调剂或报批。"),
    ("外国人来华工作许可", "外国专家来华工作许可办理需要多长时间？",
     "材料齐全的，自受理之日起10个工作日内作出决定。"),
    ("科普基地申报", "今年的科普教育基地申报什么时候开始？",
     "科普基地认定通知将于第三季度发布，请关注通知公告。"),
    ("农村科技服务", "我们村想请农业技术专家来指导，可以通过什么渠道？",
     "可联系所在县科技局申请科技特派员服务。"),
]
# channel, working days ago received, working days taken to answer (None: open), public, department
HISTORY = [
    ("mailbox", 250, 3, True, POLICY), ("mailbox", 230, 4, True, OFFICE), ("mailbox", 180, 6, True, POLICY),
    ("consultation", 240, 2, True, OFFICE), ("consultation", 150, 5, False, OFFICE), ("consultation", 90, 3, True, POLICY),
    ("message_board", 220, 1, True, OFFICE), ("message_board", 200, 4, True, POLICY), ("message_board", 120, 2, True, OFFICE),
    ("message_board", 60, 5, True, POLICY), ("grassroots", 210, 3, True, OFFICE), ("grassroots", 100, 8, True, OFFICE),
    ("social_media", 190, 2, True, POLICY), ("social_media", 80, 1, True, OFFICE), ("other", 170, 4, False, POLICY),
    ("other", 40, 3, True, OFFICE), ("hotline", 160, 2, True, OFFICE), ("hotline", 30, 4, True, POLICY),
    ("mailbox", 20, 2, True, POLICY), ("message_board", 12, 3, True, OFFICE), ("consultation", 9, 1, False, OFFICE),
    ("grassroots", 8, None, True, OFFICE),  # open, past its term: overdue in the queue
]
WRITERS = ["刘先生", "陈女士", "杨先生", "赵女士", "黄先生", "周女士", "吴先生", "郑女士"]


def load_messages(org: Organisation, users: dict[str, User]) -> int:
    """Loads the demo messages once (the loader checks); returns how many the agency has."""
    Channel.objects.get_or_create(org=org, code="hotline", defaults={"name": "12345热线转办", "order": 70})
    departments = {d.name: d for d in Department.objects.filter(org=org, name__in=[OFFICE, POLICY])}
    _history(org, departments, users)
    _today(org, departments, users)
    return Message.objects.filter(org=org).count()


def _history(org, departments, users) -> None:
    calendar, today, term = current_calendar(), timezone.localdate(), reply_term(org)
    back = lambda n: _working_days_back(today, n, calendar)  # noqa: E731
    rows = []
    for n, (channel, ago, took, public, dept) in enumerate(HISTORY, start=1):
        subject, body, reply = TOPICS[n % len(TOPICS)]
        received = back(ago)
        replied = rules.reply_due_on(received, took, calendar) if took else None
        rows.append(importing.Row(n, f"LY{received.year}-{n:03d}", dict(
            channel=channel, received_on=received, subject=f"关于{subject}的咨询", body=body,
            writer_name=WRITERS[n % len(WRITERS)], is_public=public, department=departments[dept], replied_on=replied,
            reply=f"您好！{reply}感谢您的关注。" if replied else "", status=Message.Status.REPLIED if replied else Message.Status.ASSIGNED,
            due_on=rules.reply_due_on(received, term, calendar))))
    importing._write(org, rows, {}, by=None, source={"file": "demo"})
    for msg in Message.objects.filter(org=org, status=Message.Status.REPLIED, is_public=True).order_by("received_on"):
        services.message_publish(message_id=msg.pk, by=users["xinxiyuan"])


def _working_days_back(day, n, calendar):
    import datetime as dt

    while n > 0:
        day -= dt.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def _today(org, departments, users) -> None:
    clerk, head, supervisor = users["xinxiyuan"], users["chuzhang"], users["zhuguan"]
    submit = lambda i, **kw: services.message_submit_public(org=org, data={  # noqa: E731
        "channel": kw.pop("channel", "mailbox"), "subject": f"关于{TOPICS[i][0]}的咨询", "body": TOPICS[i][1],
        "writer_name": WRITERS[i % len(WRITERS)], "phone": "13800000000", "email": "", "is_public": kw.pop("public", True)}, **kw)
    submit(1, channel="message_board")  # 待分办
    submit(2, channel="consultation", public=False)  # 待分办, kept private
    assigned = submit(3, channel="grassroots")
    services.message_assign(message_id=assigned.pk, by=clerk, department=departments[OFFICE])
    review = submit(4)
    services.message_assign(message_id=review.pk, by=supervisor, department=departments[POLICY])
    services.message_draft(message_id=review.pk, by=clerk, reply=f"您好！{TOPICS[4][2]}")
    returned = submit(5, channel="social_media")
    services.message_assign(message_id=returned.pk, by=clerk, department=departments[OFFICE])
    services.message_draft(message_id=returned.pk, by=clerk, reply="已收悉。")
    services.message_return(message_id=returned.pk, by=head, comment="请写明评价入库的具体流程和平台网址")
    answered = submit(6, channel="message_board")
    services.message_assign(message_id=answered.pk, by=clerk, department=departments[POLICY])
    services.message_draft(message_id=answered.pk, by=clerk, reply=f"您好！{TOPICS[6][2]}")
    services.message_approve(message_id=answered.pk, by=head)
    spam = {"channel": "message_board", "subject": "低价代办各类资质", "writer_name": "推广",
            "body": "代办资质 http://cheap.example.top http://b.example.top http://c.example.top"}
    services.message_submit_public(org=org, data=spam, hold_reasons=[rules.LINKS])
    discarded = services.message_submit_public(org=org, data={**spam, "subject": "优惠推广"}, hold_reasons=[rules.HONEYPOT])
    services.message_discard(message_id=discarded.pk, by=clerk, reason="广告")
    submit(7, channel="mailbox", hold_reasons=[rules.OVER_LIMIT])  # genuine but held: for staff to release
