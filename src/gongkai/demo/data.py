"""Fixed facts of the demo agency: organisations, 处室 and 直属单位, people, the disclosure guide and
the non-public catalogue. Addresses and telephone numbers are placeholders, not the real agency's."""
from __future__ import annotations

from gongkai.orgs.models import Department, Role

PROVINCE = {"code": "gz", "name": "贵州省人民政府"}
AGENCY = {
    "code": "gzsti",
    "name": "贵州省科学技术厅",
    "short_name": "省科技厅",
    "credit_code": "11520000009390012X",
    "address": "贵州省贵阳市观山湖区（演示地址）",
    "phone": "0851-00000000",
    "office_hours": "法定工作日上午9:00—12:00，下午13:30—17:00",
}

# (name, kind): the 处室 first, then the 直属单位, in the order the portal lists them.
DEPARTMENTS = [
    ("办公室", Department.Kind.DIVISION),
    ("政策法规与创新体系建设处", Department.Kind.DIVISION),
    ("资源配置与管理处", Department.Kind.DIVISION),
    ("基础研究处", Department.Kind.DIVISION),
    ("高新技术处", Department.Kind.DIVISION),
    ("农村科技处", Department.Kind.DIVISION),
    ("社会发展科技处", Department.Kind.DIVISION),
    ("成果转化与区域创新处", Department.Kind.DIVISION),
    ("对外合作处", Department.Kind.DIVISION),
    ("知识产权管理处", Department.Kind.DIVISION),
    ("专利管理处", Department.Kind.DIVISION),
    ("人事处", Department.Kind.DIVISION),
    ("机关党委", Department.Kind.DIVISION),
    ("贵州省科技信息中心", Department.Kind.AFFILIATED),
    ("贵州省科学技术情报研究所", Department.Kind.AFFILIATED),
    ("贵州省科技评估中心", Department.Kind.AFFILIATED),
    ("贵州省科技成果转化服务中心", Department.Kind.AFFILIATED),
    ("贵州省知识产权事务中心", Department.Kind.AFFILIATED),
]

# The demo logins, one per role (printed by `gongkai demo`). Fixed passwords: this is a demo.
DEMO_PASSWORD = "Gongkai-demo-2026"
ADMIN_PASSWORD = "Gongkai-admin-2026"
USERS = [
    # username, display name, role label, [(role, department name or None = org-wide)]
    ("xinxiyuan", "王信息", "信息员", [(Role.CLERK, "办公室"), (Role.CLERK, None)]),
    ("chuzhang", "李处长", "处室负责人（办公室、政策法规与创新体系建设处）",
     [(Role.DEPT_HEAD, "政策法规与创新体系建设处"), (Role.DEPT_HEAD, "办公室")]),
    ("zhuguan", "张主管", "公开主管", [(Role.SUPERVISOR, None)]),
]
ADMIN = ("admin", "系统管理员")

ARTICLE = "《中华人民共和国政府信息公开条例》"
NON_PUBLIC = [
    ("国家秘密", "依法确定为国家秘密的政府信息，如涉密科技计划项目的任务书、涉密科技成果及其评价材料。",
     f"{ARTICLE}第十四条"),
    ("法律、行政法规禁止公开的信息", "法律、行政法规明确禁止公开的政府信息。", f"{ARTICLE}第十四条"),
    ("危及“三安全一稳定”的信息", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息。", f"{ARTICLE}第十四条"),
    ("商业秘密", "科技计划项目申报、验收和高新技术企业认定材料中企业的技术秘密和经营信息；权利人同意公开或者"
     "不公开会对公共利益造成重大影响的除外。", f"{ARTICLE}第十五条"),
    ("个人隐私", "评审专家、项目负责人、申请人的身份证件号码、联系方式、家庭住址等个人信息；权利人同意公开或者"
     "不公开会对公共利益造成重大影响的除外。", f"{ARTICLE}第十五条"),
    ("内部事务信息", "人事管理、后勤管理、内部工作流程等方面的信息。", f"{ARTICLE}第十六条第一款"),
    ("过程性信息", "在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等，如项目评审过程中的"
     "专家评审意见、会议纪要。", f"{ARTICLE}第十六条第二款"),
    ("行政执法案卷信息", "专利行政执法、科研诚信案件调查处理等行政执法案卷信息。", f"{ARTICLE}第十六条第二款"),
]

GUIDE_HTML = """
<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。申请人获取贵州省科学技术厅（以下简称省科技厅）政府信息前，请仔细阅读本指南。</p>
<h2>一、主动公开</h2>
<h3>（一）公开范围</h3>
<p>省科技厅主动公开的政府信息包括：机构职能、政策法规、规范性文件、规划计划、科技计划项目管理、科技成果转化、知识产权（专利）保护、财政预决算和“三公”经费、统计信息、人事信息、政策解读等，具体见本平台“政府信息公开目录”。</p>
<h3>（二）公开方式</h3>
<p>主动公开的政府信息通过本平台、省科技厅门户网站、“贵州科技”微信公众号和官方微博发布，并同时提供给贵州省档案馆、贵州省图书馆等查阅场所。</p>
<h3>（三）公开时限</h3>
<p>属于主动公开范围的政府信息，自形成或者变更之日起20个工作日内予以公开（《条例》第二十六条）。</p>
<h2>二、依申请公开</h2>
<h3>（一）受理机构</h3>
<p>省科技厅办公室负责受理向本机关提出的政府信息公开申请。办公地址、联系电话和办公时间见本页下方。</p>
<h3>（二）申请方式</h3>
<ul>
<li>网上申请：通过本平台“依申请公开”栏目在线提交。</li>
<li>信函申请：邮寄至受理机构，请在信封左下角注明“政府信息公开申请”字样。</li>
<li>当面申请：在办公时间内到受理机构填写《政府信息公开申请表》。</li>
</ul>
<p>申请时请提供申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式和途径（《条例》第二十九条）。</p>
<h3>（三）答复时限</h3>
<p>能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日（《条例》第三十三条）。征求第三方意见所需时间不计算在内。</p>
<h3>（四）收费</h3>
<p>提供政府信息不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》收取信息处理费，按件计收或者按量计收（《条例》第四十二条）。</p>
<h2>三、监督和救济</h2>
<p>公民、法人或者其他组织认为省科技厅在政府信息公开工作中侵犯其合法权益的，可以向贵州省人民政府办公厅（政务公开主管部门）投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。</p>
"""
