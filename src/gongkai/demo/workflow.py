"""Demo items part-way along the review chain, each step taken through the catalogue services by the
person whose job it is, so that the workbench shows every queue with something in it and every
item's history reads like real work."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Topic
from gongkai.catalog.sanitize import text_to_html
from gongkai.orgs.models import Department, Organisation

OFFICE, POLICY = "办公室", "政策法规与创新体系建设处"

# title, department, kind, body, the steps to take (action, who, comment)
UNDER_WAY = [
    ("关于开展2026年度全省科技创新券兑付工作的通知", OFFICE, "notice",
     "各市（州）科技局，各有关单位：\n为做好2026年度科技创新券兑付工作，现将有关事项通知如下。\n一、兑付对象为已完成服务合同并通过验收的科技型中小企业。",
     []),
    ("关于做好2027年度省科技计划项目申报准备工作的通知", POLICY, "notice",
     "各有关单位：\n为提前谋划2027年度省科技计划项目，请各单位围绕重点产业梳理项目需求，做好申报准备。",
     [("submit", "xinxiyuan", "")]),
    ("省科技厅召开2026年第四季度政务公开工作推进会", OFFICE, "news",
     "11月下旬，省科技厅召开政务公开工作推进会，通报第三季度政府信息公开情况，部署第四季度重点工作。",
     [("submit", "xinxiyuan", "")]),
    ("2026年度省科技成果转化项目拟支持名单公示（第二批）", OFFICE, "project_notice",
     "根据《贵州省科技计划项目管理办法》有关规定，现将2026年度省科技成果转化项目拟支持名单（第二批）予以公示。",
     [("submit", "xinxiyuan", ""), ("dept_approve", "chuzhang", "同意公开。")]),
    ("《贵州省概念验证中心建设指引（试行）》图解", POLICY, "interpretation",
     "一图读懂概念验证中心的建设条件、支持方式和申报流程。",
     [("submit", "xinxiyuan", ""), ("dept_approve", "chuzhang", "内容已核对，同意。")]),
    ("关于征集2027年度重点研发计划项目需求的通知", POLICY, "notice",
     "各有关单位：\n为编制2027年度省重点研发计划项目申报指南，现征集项目需求。",
     [("submit", "xinxiyuan", ""), ("dept_return", "chuzhang", "请补充征集截止时间和报送方式后再提交。")]),
    ("省科技厅开展“科技助企”服务活动走进贵阳市", OFFICE, "news",
     "近日，省科技厅组织专家服务团走进贵阳市高新区，为企业解读研发费用加计扣除和专利申请政策。",
     [("submit", "xinxiyuan", ""), ("dept_approve", "chuzhang", "同意。"), ("secrecy_approve", "zhuguan", "经保密审查，可以公开。")]),
]


def load_review_queues(org: Organisation, departments: dict[str, Department], users: dict[str, User]) -> None:
    topic = Topic.objects.get(name="科技")
    for title, dept, kind, body, steps in UNDER_WAY:
        item = catalog.item_create_draft(org=org, by=users["xinxiyuan"], data={
            "title": title, "body": text_to_html(body), "kind": kind, "topic": topic,
            "department": departments[dept], "created_on": timezone.localdate(),
        })
        revision = item.revisions.get()
        for action, who, comment in steps:
            catalog.revision_advance(revision_id=revision.pk, action=action, by=users[who], comment=comment)
    _revise_and_withdraw(org, users)


def _revise_and_withdraw(org: Organisation, users: dict[str, User]) -> None:
    """A published notice under revision (the public keeps the published text meanwhile), and one
    withdrawn by the 公开主管 (it leaves the portal and search; its record and number stay)."""
    published = Item.objects.filter(org=org, status=Item.Status.PUBLISHED)
    to_revise = published.filter(kind="normative_document", validity="valid").order_by("-published_on").first()
    if to_revise is not None:
        revision = catalog.item_revise(item_id=to_revise.pk, by=users["xinxiyuan"])
        catalog.revision_update(revision_id=revision.pk, by=users["xinxiyuan"], data={
            "summary": "根据2026年机构职能调整，更新第三条职责分工的表述。",
        })
    to_withdraw = published.filter(kind="news", published_on__lt=dt.date(2024, 1, 1)).order_by("published_on").first()
    if to_withdraw is not None:
        catalog.item_withdraw(item_id=to_withdraw.pk, by=users["zhuguan"], reason="该信息中的活动安排已调整，内容不再准确，予以撤回。")
