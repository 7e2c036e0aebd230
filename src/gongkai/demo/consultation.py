"""Demo consultations (征求意见), suggestions and proposals (建议提案办理) and the links between the
demo's policy documents and their interpretations (政策解读). Each part is loaded once — when the
agency has none yet — through the services, by the person whose job it is; only dates are moved
into the past afterwards, as time would have moved them."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from gongkai.catalog.models import Item, Kind, Revision
from gongkai.consultation import services
from gongkai.consultation.models import Consultation, Suggestion
from gongkai.orgs.models import Organisation

DRAFT = ("第一条　为规范科技创新券的申领、使用和兑付，降低科技型中小企业创新成本，制定本办法。\n"
         "第二条　本办法所称科技创新券，是指省科学技术厅向科技型中小企业发放，用于购买科技服务的有价凭证。\n"
         "第三条　创新券实行“企业申领、机构服务、政府兑付”的管理方式。")
OPEN = ("贵州省科技创新券管理办法（征求意见稿）", "normative_document",
        "《贵州省科技创新条例》《贵州省人民政府关于深化科技体制改革的实施意见》",
        "为进一步发挥科技创新券引导作用，省科技厅在总结试点经验的基础上起草了本办法，主要修改了申领条件、兑付时限和监督管理等内容。")
CLOSED = ("贵州省科技计划项目专家管理办法（修订征求意见稿）", "general", "《科学技术部关于科技项目专家管理的规定》",
          "为加强专家库建设和管理，规范专家遴选、使用和评价，起草了本修订稿。")
COMMENTS = [
    ("建议明确创新券的兑付时限，服务机构垫付压力较大。", "贵阳某检测服务有限公司", "0851-0000000"),
    ("第三条建议增加“线上办理”的表述，减少企业跑腿。", "", ""),
    ("建议对首次申领的企业给予更高的额度。", "张先生", ""),
]
SUGGESTIONS = [
    # number, kind, title, proposer, days ago replied (None: still being handled), days ago published
    ("省十三届人大五次会议第0123号", "deputy", "关于加大科技型中小企业研发投入支持力度的建议", "王代表", 40, 30),
    ("省十三届人大五次会议第0231号", "deputy", "关于完善科技成果转化收益分配机制的建议", "李代表", 12, None),
    ("省政协十三届三次会议第0456号", "member", "关于加强县域科技特派员队伍建设的提案", "赵委员", 35, 28),
    ("省政协十三届三次会议第0512号", "member", "关于推进大数据与实体经济深度融合的提案", "钱委员", None, None),
]
LAST_YEAR = [
    ("省十三届人大四次会议第0087号", "deputy", "关于支持黔南州建设农业科技园区的建议", "孙代表", (3, 20), (4, 8)),
    ("省十三届人大四次会议第0145号", "deputy", "关于加快创新平台布局的建议", "周代表", (5, 12), (5, 29)),
    ("省政协十三届二次会议第0302号", "member", "关于加大基础研究投入的提案", "吴委员", (6, 2), (6, 20)),
]


def load_consultation_demo(org: Organisation, users: dict[str, User]) -> None:
    _link_interpretations(org)
    if not Consultation.objects.filter(org=org).exists():
        _consultations(org, users["xinxiyuan"], users["zhuguan"])
    if not Suggestion.objects.filter(org=org).exists():
        _suggestions(org, users["xinxiyuan"], users["zhuguan"])


def _link_interpretations(org: Organisation) -> None:
    """The demo catalogue publishes each policy document with "《title》政策解读": link the two."""
    documents = dict(Item.objects.filter(org=org).exclude(kind=Kind.INTERPRETATION).values_list("title", "pk"))
    for item in Item.objects.filter(org=org, kind=Kind.INTERPRETATION, interprets__isnull=True, title__startswith="《"):
        target = documents.get(item.title[1:].split("》", 1)[0])
        if target is None:
            continue
        qa = "问：本文件适用于哪些对象？\n答：全省范围内承担省级科技计划项目的单位和个人。\n问：何时开始施行？\n答：自印发之日起施行。"
        Item.objects.filter(pk=item.pk).update(interprets_id=target, qa=qa)
        Revision.objects.filter(Q(pk=item.published_revision_id) | Q(item_id=item.pk, status__in=Revision.OPEN_STATUSES)).update(
            interprets_id=target, qa=qa)


def _consultations(org: Organisation, clerk: User, supervisor: User) -> None:
    today = timezone.localdate()
    title, kind, basis, explanation = OPEN
    open_one = services.consultation_create(org=org, by=clerk, data={
        "title": title, "kind": kind, "basis": basis, "explanation": explanation, "draft_text": DRAFT,
        "opens_on": today, "closes_on": today + dt.timedelta(days=29), "feedback": "kjt_zcfg@example.gov.cn"})
    services.consultation_publish(consultation_id=open_one.pk, by=supervisor)
    services.comment_submit(consultation_id=open_one.pk, body=COMMENTS[0][0], name=COMMENTS[0][1], contact=COMMENTS[0][2])
    title, kind, basis, explanation = CLOSED
    closed = services.consultation_create(org=org, by=clerk, data={
        "title": title, "kind": kind, "basis": basis, "explanation": explanation, "draft_text": DRAFT.replace("科技创新券", "评审专家"),
        "opens_on": today, "closes_on": today + dt.timedelta(days=29)})
    services.consultation_publish(consultation_id=closed.pk, by=supervisor)
    for body, name, contact in COMMENTS:
        services.comment_submit(consultation_id=closed.pk, body=body, name=name, contact=contact)
    # Its period ran from two months ago to a month ago.
    Consultation.objects.filter(pk=closed.pk).update(opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=31))
    services.consultation_close(consultation_id=closed.pk, by=clerk)
    services.consultation_result_publish(consultation_id=closed.pk, by=supervisor, result_text=(
        "征求意见期间共收到意见建议3条。经研究，采纳2条：增加了兑付时限的规定，增加了“线上办理”的表述；"
        "未采纳1条：首次申领额度由年度预算统筹确定，不在本办法中规定。"))


def _suggestions(org: Organisation, clerk: User, supervisor: User) -> None:
    today = timezone.localdate()
    for number, kind, title, proposer, replied, published in SUGGESTIONS:
        replied_on = today - dt.timedelta(days=replied) if replied is not None else None
        s = services.suggestion_create(org=org, by=clerk, data={
            "number": number, "kind": kind, "title": title, "proposer": proposer, "replied_on": replied_on,
            "reply": f"{proposer}：\n您提出的《{title}》收悉，现答复如下……\n感谢您对科技工作的关心和支持。" if replied_on else "",
            "summary": "所提建议已采纳，相关措施已写入年度工作要点。" if replied_on else ""})
        if published is not None:
            services.suggestion_result_publish(suggestion_id=s.pk, by=supervisor)
            Suggestion.objects.filter(pk=s.pk).update(result_published_on=today - dt.timedelta(days=published))
    year = today.year - 1  # last year's, as its annual report counts them
    for number, kind, title, proposer, (rm, rd), (pm, pd) in LAST_YEAR:
        Suggestion.objects.create(org=org, number=number, kind=kind, title=title, proposer=proposer,
                                  replied_on=dt.date(year, rm, rd), result_published_on=dt.date(year, pm, pd),
                                  reply="答复全文（历史记录）", summary="已按建议办理。", status=Suggestion.Status.PUBLISHED)
