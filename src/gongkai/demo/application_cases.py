"""The demo applicants and cases (data only; `applications.py` loads them). Names, ID numbers, codes,
telephone numbers and addresses are invented; the numbers carry valid check characters."""
from __future__ import annotations

from dataclasses import dataclass

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str, born: str, serial: str) -> str:
    """An 18-digit resident ID (GB 11643-1999): area code, birth date, serial, and the check
    character ISO 7064 MOD 11-2 gives the first 17 digits."""
    body = f"{area}{born}{serial}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(kind: str, area: str, organisation: str) -> str:
    """A unified social credit code (GB 32100-2015): registering authority and type (e.g. 91 a
    company, 12 a public institution, 31 a law firm, 51 an association, 53 a foundation), area code,
    the 9-character organisation code (8 digits and their GB 11714 check), then the MOD 31 check."""
    org_sum = sum(int(d) * w for d, w in zip(organisation, (3, 7, 9, 10, 5, 8, 4, 2)))
    org_check = {10: "X", 11: "0"}.get(11 - org_sum % 11, str(11 - org_sum % 11))
    body = f"{kind}{area}{organisation}{org_check}"
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


def _person(name: str, id_number: str, phone: str, email: str, address: str, id_type: str = "resident_id", **extra) -> dict:
    return dict(applicant_type="natural_person", applicant_name=name, id_type=id_type, id_number=id_number,
                phone=phone, email=email, address=address, **extra)


def _body(kind: str, name: str, code: str, contact: str, phone: str, email: str, address: str, **extra) -> dict:
    return dict(applicant_type=kind, applicant_name=name, credit_code=code, legal_representative=contact[0] + "某某",
                contact_name=contact, phone=phone, email=email, address=address, **extra)


APPLICANTS = {
    "wang": _person("王晓明", resident_id("520102", "19850312", "123"), "13908510001", "wangxm@example.com", "贵阳市南明区（演示地址）"),
    "li": _person("李娜", resident_id("520103", "19900708", "046"), "13908510002", "lina@example.com", "贵阳市云岩区（演示地址）"),
    "chen": _person("陈建国", resident_id("520302", "19721120", "035"), "13908510003", "", "遵义市红花岗区（演示地址）",
                    provision_form="paper", delivery="post", postcode="563000"),
    "liu": _person("刘芳", resident_id("522601", "19881115", "028"), "13908510004", "liufang@example.com", "凯里市（演示地址）"),
    "yang": _person("杨帆", resident_id("520111", "19951201", "011"), "13908510005", "yangfan@example.com", "贵阳市花溪区（演示地址）"),
    "zhao": _person("赵磊", resident_id("520203", "19810624", "057"), "13908510006", "", "六盘水市（演示地址）",
                    provision_form="paper", delivery="pickup"),
    "huang": _person("黄丽", resident_id("522401", "19930217", "064"), "13908510007", "huangli@example.com", "毕节市（演示地址）"),
    "wu": _person("吴敏", resident_id("520402", "19780930", "072"), "13908510008", "wumin@example.com", "安顺市（演示地址）"),
    "mark": _person("马克·舒尔茨", "C52013866", "13908510009", "mark.s@example.com", "贵阳市观山湖区（演示地址）", id_type="passport"),
    "qiancheng": _body("business", "贵州黔程数据科技有限公司", credit_code("91", "520115", "33215681"), "周工",
                       "085100000011", "info@qiancheng.example.com", "贵阳市观山湖区（演示地址）"),
    "shanhe": _body("business", "贵州山河生物医药股份有限公司", credit_code("91", "520100", "70956238"), "郑经理",
                    "085100000012", "office@shanhe.example.com", "贵阳市乌当区（演示地址）"),
    "institute": _body("research", "贵州高原山地农业研究院（演示）", credit_code("12", "520000", "42980153"), "孙研究员",
                       "085100000013", "kyc@gaoyuan.example.com", "贵阳市花溪区（演示地址）"),
    "foundation": _body("social_welfare", "贵州青少年科普公益基金会（演示）", credit_code("53", "520000", "58736410"), "钱秘书长",
                        "085100000014", "jijinhui@example.org", "贵阳市南明区（演示地址）"),
    "law": _body("legal_services", "贵州明法律师事务所（演示）", credit_code("31", "520000", "68317295"), "冯律师",
                 "085100000015", "mingfa@example.com", "贵阳市云岩区（演示地址）"),
    "association": _body("other_org", "贵州省大数据产业促进会（演示）", credit_code("51", "520000", "50827364"), "韩秘书",
                         "085100000016", "cujinhui@example.org", "贵阳市观山湖区（演示地址）"),
}


@dataclass(frozen=True)
class Case:
    received: int  # working days before the day the demo is loaded
    channel: str
    applicant: str
    subject: str
    steps: tuple = ()  # (step, working days after receipt, *arguments) — see applications._STEPS


def _reply(day: int, outcome: str, text: str) -> tuple:
    return ("reply", day, outcome, text)


GIVEN = "现将您申请的政府信息提供给您（见附件），请查收。"
CASES = [
    # --- closed: the reply letters of 2025–2026 --------------------------------------------------
    Case(468, "letter", "wang", "2024年度省科技计划项目立项清单及各项目资助金额", (_reply(14, "disclosed", GIVEN),)),
    Case(455, "online", "qiancheng", "2024年高新技术企业认定中本公司申报材料的专家评审意见", (
        ("consult", 3, "相关评审专家"), ("consulted", 12, "评审专家不同意公开其个人信息"),
        _reply(18, "partially_disclosed", "评审意见中评审专家的姓名和个人信息不予公开，其余部分予以提供。"))),
    Case(440, "email", "institute", "省科技厅2024年部门预算“三公”经费支出明细",
         (_reply(9, "disclosed", "该信息已在本机关门户网站“财政预决算”栏目主动公开，可在该栏目查阅下载。"),)),
    Case(425, "letter", "chen", "2023年度贵州省科学技术奖评审委员会会议纪要",
         (_reply(15, "withheld_process_info", "您申请的会议纪要属于评审过程中形成的讨论记录，属于过程性信息，不予公开。"),)),
    Case(410, "online", "li", "本人主持的省科技支撑计划项目结题审计报告", (_reply(11, "disclosed", GIVEN),)),
    Case(398, "in_person", "law", "某专利侵权纠纷行政裁决案件的全部执法案卷材料",
         (_reply(16, "withheld_enforcement_file", "您申请的信息属于行政执法案卷信息，当事人可依照相关法律法规的规定申请查阅。"),)),
    Case(385, "online", "foundation", "2024年全省科普经费使用情况", (_reply(13, "disclosed", GIVEN),)),
    Case(372, "letter", "zhao", "某市科学技术局2018年科技项目档案",
         (_reply(8, "unavailable_not_held", "经检索，本机关未制作或获取该信息；该信息可能由该市科学技术局掌握，建议向其申请。"),)),
    Case(360, "email", "association", "全省88个县（市、区）近五年科技投入的统计汇总与对比分析",
         (_reply(10, "unavailable_needs_creation", "您申请的信息需要本机关对现有信息进行加工、分析后方能形成，本机关不予提供。"),)),
    Case(345, "online", "yang", "关于某科研单位挪用科研经费问题的投诉",
         (_reply(7, "not_processed_petition", "您提出的事项属于投诉举报，请通过信访渠道提出，本机关已告知受理部门。"),)),
    Case(333, "letter", "huang", "《贵州科技年鉴（2023）》全文",
         (_reply(6, "not_processed_publication", "您申请的信息为公开出版物，可通过各级公共图书馆或出版发行渠道获取。"),)),
    Case(320, "online", "qiancheng", "本公司2024年获得的科技创新券兑付明细", (_reply(9, "disclosed", GIVEN),)),
    Case(305, "fax", "shanhe", "省重点实验室绩效评估中本公司实验室的评估结果和扣分说明", (
        ("extend", 18, "评估结果涉及多个处室和评估机构，需要进一步核查，经公开主管批准延长答复期限20个工作日。"),
        _reply(30, "disclosed", GIVEN))),
    Case(290, "letter", "wu", "省科技厅机关内部人事管理规定",
         (_reply(12, "withheld_internal_affairs", "您申请的信息属于本机关内部人事管理信息，不予公开。"),)),
    Case(277, "letter", "chen", "某军民融合科技项目的任务书和验收报告",
         (_reply(14, "withheld_state_secret", "经审查，该项目任务书和验收报告已依法确定为国家秘密，不予公开。"),)),
    Case(262, "online", "li", "科技特派员选派名单", (
        ("correction", 3, "请说明所需名单的年度、批次和地区范围。"), ("corrected", 6),
        _reply(18, "disclosed", GIVEN))),
    Case(250, "email", "law", "2024年度科技项目专家库中某专家的评审记录", (
        ("consult", 4, "相关评审专家"), ("consulted", 14, "第三方不同意公开"),
        _reply(20, "withheld_third_party", "经征求第三方意见，第三方不同意公开，且不公开不会对公共利益造成重大影响，不予公开。"))),
    Case(236, "online", "yang", "2024年科技成果转化项目验收报告的复印件（约60页）", (
        ("fee", 3, 60), ("paid", 8), _reply(20, "disclosed", GIVEN))),
    Case(222, "letter", "zhao", "要求确认本人所持立项通知书是否真实有效",
         (_reply(9, "not_processed_confirmation", "您要求本机关确认已获取信息的真实性，不属于政府信息公开申请的范围。"),)),
    Case(210, "online", "foundation", "2025年全省科普基地名单及认定标准", (_reply(8, "disclosed", GIVEN),)),
    Case(195, "email", "wu", "省科技厅办公楼维修项目的招标文件", (
        ("correction", 5, "请说明所需招标文件对应的项目年份和项目名称。"), ("lapsed", 21))),
    Case(180, "online", "qiancheng", "2025年度省科技型中小企业评价入库名单及评价材料（约120页）", (
        ("fee", 2, 120), ("unpaid", 18))),
    Case(168, "letter", "huang", "2025年上半年省科技厅行政许可事项办理情况", (_reply(10, "disclosed", GIVEN),)),
    Case(150, "in_person", "association", "大数据产业发展专项资金2024年度分配结果", (
        _reply(16, "partially_disclosed", "分配结果中企业银行账户等信息已作区分处理，其余部分予以提供。"),)),
    Case(135, "online", "chen", "省科技厅2025年度政府信息公开工作年度报告中依申请公开数据的说明",
         (_reply(7, "other", "经与您电话沟通，您已在门户网站获取所需信息并申请撤回，本申请予以办结。"),)),
    # The same applicant asks again for what was answered ten weeks before: flagged, then answered.
    Case(118, "email", "huang", "2025年上半年省科技厅行政许可事项办理情况",
         (_reply(5, "not_processed_duplicate", "您的申请与本机关已答复的申请内容相同，本机关不再重复处理。"),)),
    Case(100, "email", "shanhe", "省科技厅与本公司签订的科技合作协议的履约评估结果", (
        ("correction", 2, "请说明所指协议的名称、签订时间或文号。"), ("corrected", 7),
        _reply(22, "unavailable_unclear", "经补正后申请内容仍不明确，本机关无法确定您所需的政府信息。"))),
    Case(80, "online", "wang", "2026年省科技计划项目第一批立项公示名单", (_reply(9, "disclosed", GIVEN),)),
    Case(60, "letter", "institute", "2026年省级重点实验室建设运行经费拨付明细", (_reply(12, "disclosed", GIVEN),)),
    Case(45, "online", "mark", "2025年外国专家项目的申报条件和评审结果", (_reply(10, "disclosed", GIVEN),)),
    # --- still being handled -----------------------------------------------------------------------
    Case(25, "letter", "law", "2026年某科技企业孵化器认定的评审材料", (
        ("extend", 17, "涉及第三方企业的商业信息，需要进一步核查，经公开主管批准延长答复期限20个工作日。"),)),
    Case(23, "email", "yang", "2026年度省科技重大专项立项评审专家名单"),  # overdue
    Case(19, "online", "foundation", "2026年全省青少年科技创新大赛获奖名单"),  # due tomorrow
    Case(17, "letter", "zhao", "省科技厅2026年政府采购项目清单"),  # due within days
    Case(12, "email", "association", "某数据中心项目的科技成果鉴定材料", (("consult", 6, "贵州某数据中心有限公司（演示）"),)),
    Case(10, "online", "huang", "2026年省科技厅举办的科技活动经费支出情况",
         (("draft", 8, "disclosed", "现将2026年科技活动经费支出情况提供给您（见附件）。"),)),
    Case(8, "online", "shanhe", "2026年省级新型研发机构备案名单及绩效评价结果（约45页）", (("fee", 4, 45),)),
    Case(5, "email", "li", "2026年科技特派员工作经费发放标准"),
    Case(3, "letter", "liu", "关于科技项目的信息", (("correction", 2, "请说明所需信息的名称、文号、年份或其他便于查询的特征。"),)),
    Case(0, "online", "wu", "2026年省科技创新券申领条件和兑付进度"),  # received today
]

# A stand-in for the redacted material of a partial disclosure (a valid, empty one-page PDF).
REDACTED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
