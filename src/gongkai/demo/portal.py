"""The demo agency's 政府信息公开专栏 beyond the catalogue: 公开制度 pages, 机构职能 (functions,
leaders, the departments' duties and telephones) and two 专题 (全省科技创新大会, 大众创业万众创新)
with the items tagged into them. Idempotent: what exists (or an admin changed) is left alone."""
from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db.models import Q

from gongkai.catalog.models import Item
from gongkai.orgs.models import Department, Leader, Organisation
from gongkai.portal.models import Page, Special

FUNCTIONS_HTML = (
    "<p>贯彻落实党中央关于科技创新工作的方针政策和决策部署，在履行职责过程中坚持和加强党对科技创新工作的集中统一领导。</p>"
    "<p>（一）拟订全省创新驱动发展、科技发展以及基础研究规划和政策并组织实施。</p>"
    "<p>（二）统筹推进全省科技创新体系建设和科技体制改革，健全技术创新激励机制。</p>"
    "<p>（三）牵头建立全省统一的科技管理平台和科研项目资金协调、评估、监管机制。</p>"
    "<p>（四）拟订全省基础研究规划、政策和标准并组织实施，组织协调重大基础研究和应用基础研究。</p>"
    "<p>（五）负责全省知识产权（专利）保护和管理工作，组织实施专利行政执法。</p>"
    "<p>（六）完成省委、省政府交办的其他任务。</p>"
)

LEADERS = [
    ("厅长", "（演示姓名）甲", "主持厅全面工作。"),
    ("副厅长", "（演示姓名）乙", "负责政策法规、资源配置、基础研究方面工作；分管政府信息公开工作。"),
    ("副厅长", "（演示姓名）丙", "负责高新技术、农村科技、社会发展科技方面工作。"),
    ("副厅长", "（演示姓名）丁", "负责成果转化、对外合作、知识产权方面工作。"),
]

# Department name → duties; each gets a placeholder telephone (0851-000001NN).
DUTIES = {
    "办公室": "负责机关日常运转，承担政务公开、信息、安全保密、督查、财务等工作。",
    "政策法规与创新体系建设处": "拟订科技创新政策法规，推进科技体制改革和创新体系建设。",
    "资源配置与管理处": "统筹科技资源配置，管理省级科技计划项目和资金。",
    "基础研究处": "拟订基础研究规划和政策，组织实施自然科学基金项目。",
    "高新技术处": "推动高新技术产业发展，管理高新技术企业认定工作。",
    "农村科技处": "推进农业农村科技创新和科技特派员工作。",
    "社会发展科技处": "推动人口健康、生态环境、公共安全等领域科技创新。",
    "成果转化与区域创新处": "推动科技成果转移转化和区域创新体系建设。",
    "对外合作处": "组织开展科技交流与合作。",
    "知识产权管理处": "负责知识产权保护体系建设和知识产权运用促进工作。",
    "专利管理处": "负责专利行政管理和专利行政执法工作。",
    "人事处": "负责机关和直属单位的人事管理工作。",
    "机关党委": "负责机关和直属单位的党群工作。",
}

RULE_PAGES = [
    ("secrecy-review", "政府信息公开保密审查制度",
     "<p>第一条 为规范政府信息公开保密审查工作，根据《中华人民共和国保守国家秘密法》和《中华人民共和国政府信息公开条例》，制定本制度。</p>"
     "<p>第二条 拟公开的政府信息，由起草处室负责人签字后，报公开主管进行保密审查；未经审查的，不得公开。</p>"
     "<p>第三条 对是否涉及国家秘密不能确定的，依照法律、法规和国家有关规定报有关主管部门或者保密行政管理部门确定。</p>"),
    ("release-coordination", "政府信息发布协调制度",
     "<p>第一条 发布的政府信息涉及其他行政机关的，应当与有关行政机关进行沟通、确认，保证发布的政府信息准确一致。</p>"
     "<p>第二条 发布政府信息依照国家有关规定需要批准的，经批准后予以公开。</p>"),
    ("on-request-handling", "依申请公开办理制度",
     "<p>第一条 办公室统一受理政府信息公开申请，登记后转有关处室办理。</p>"
     "<p>第二条 能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。</p>"
     "<p>第三条 答复书经公开主管审核后送达申请人，并抄送办公室归档。</p>"),
    ("responsibility", "政府信息公开工作考核和责任追究制度",
     "<p>第一条 政府信息公开工作纳入年度绩效考核，考核结果作为评价处室工作的依据之一。</p>"
     "<p>第二条 不依法履行政府信息公开职能的，依照《中华人民共和国政府信息公开条例》第五十三条追究责任。</p>"),
]

SPECIALS = [
    ("innovation-conference", "全省科技创新大会", Q(title__contains="创新") | Q(keywords__contains="创新"),
     "<p>全省科技创新大会部署深入实施创新驱动发展战略，加快建设西部地区科技创新高地。本专题汇集大会相关的政策文件、工作部署和进展情况。</p>",
     (168, 20, 28)),
    ("mass-entrepreneurship", "大众创业万众创新", Q(title__contains="创业") | Q(title__contains="孵化") | Q(title__contains="企业"),
     "<p>推进大众创业、万众创新，是发展的动力之源。本专题汇集我省支持科技型企业、众创空间和科技企业孵化器的政策与公示信息。</p>",
     (11, 74, 139)),
]


def load_portal(org: Organisation) -> None:
    _functions(org)
    for order, (slug, title, body) in enumerate(RULE_PAGES, start=1):
        Page.objects.get_or_create(org=org, slug=slug, defaults={"title": title, "body": body, "order": order})
    for order, (slug, title, wanted, description, colour) in enumerate(SPECIALS, start=1):
        if Special.objects.filter(slug=slug).exists():
            continue
        special = Special(org=org, slug=slug, title=title, description=description, order=order)
        special.banner.save(f"{slug}.png", ContentFile(_banner(colour)), save=False)
        special.save()
        tagged = Item.objects.filter(wanted, org=org, status=Item.Status.PUBLISHED).order_by("-published_on")[:30]
        special.items.set(tagged)


def _functions(org: Organisation) -> None:
    if not org.functions:
        org.functions = FUNCTIONS_HTML
        org.save(update_fields=["functions"])
    if not Leader.objects.filter(org=org).exists():
        Leader.objects.bulk_create(Leader(org=org, title=t, name=n, duties=d, order=i) for i, (t, n, d) in enumerate(LEADERS, start=1))
    for n, dept in enumerate(Department.objects.filter(org=org, duties=""), start=1):
        if dept.name in DUTIES:
            dept.duties, dept.phone = DUTIES[dept.name], dept.phone or f"0851-000001{n:02d}"
            dept.save(update_fields=["duties", "phone"])


def _banner(colour: tuple[int, int, int]) -> bytes:
    """A plain banner (a band of the colour fading to white): the demo ships no photographs."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 240), colour)
    draw = ImageDraw.Draw(image)
    for x in range(600, 1200):
        t = (x - 600) / 600
        draw.line([(x, 0), (x, 240)], fill=tuple(int(c + (255 - c) * t) for c in colour))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
