"""A few hundred catalogue items of the demo agency, 2023–2026, generated from templates and varied
phrases with a seeded random generator: the same items, dates and numbers on every machine.

The mix follows what a provincial science and technology department publishes (its 2017 report
names them): 通知公告, 工作动态, 公示公告 of projects and awards, 行政规范性文件 with their 政策解读
(谁起草、谁解读), 规章, 部门预算/决算 and 三公经费, 统计信息, 规划计划, the annual report.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

FIRST_YEAR, LAST_DAY = 2023, dt.date(2026, 11, 20)  # fixed, so that the data does not depend on today

FIELDS = ["大数据", "人工智能", "新材料", "生物医药", "现代山地特色高效农业", "先进装备制造", "新能源汽车",
          "磷化工", "中医药（民族医药）", "数字经济", "生态环境保护", "酱香白酒", "茶产业", "新型储能"]
PROGRAMS = ["省科技计划项目", "省基础研究计划（自然科学类）项目", "省科技支撑计划项目", "省科技成果应用及产业化计划项目",
            "省科技合作计划项目", "省科技创新人才团队建设项目", "省科技创新平台建设项目", "省重点研发计划项目"]
CITIES = ["贵阳市", "遵义市", "六盘水市", "安顺市", "毕节市", "铜仁市", "黔东南州", "黔南州", "黔西南州", "贵安新区"]
PARTNERS = ["中国科学院", "清华大学", "浙江大学", "上海交通大学", "四川省科技厅", "重庆市科技局", "广东省科技厅",
            "中国工程院", "哈尔滨工业大学", "广州市科技局"]
ADDRESSEES = "各市（州）科技局，贵安新区科技创新局，各有关单位："
CONTACT = "联系方式请见省科技厅门户网站“联系我们”栏目。"


@dataclass
class DemoItem:
    title: str
    kind: str
    topic: str
    dept: str
    published_on: dt.date
    body: str
    keywords: str = ""
    doc_prefix: str = ""
    document_number: str = ""
    created_on: dt.date | None = None
    validity: str = "valid"
    repealed_on: dt.date | None = None
    publisher: str = ""
    attachment: str = ""  # "xlsx" for budget tables, "docx" for guidelines and lists
    extra: dict = field(default_factory=dict)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def day(self, year: int, first_month: int, last_month: int) -> dt.date:
        month = self.rng.randint(first_month, last_month)
        day = dt.date(year, month, self.rng.randint(1, 28))
        while day.weekday() >= 5:  # published on working days
            day += dt.timedelta(days=1)
        return day

    def pick(self, seq, k: int = 1):
        return self.rng.choice(seq) if k == 1 else self.rng.sample(seq, k)

    def paragraphs(self, *parts: str) -> str:
        return "\n".join(p for p in parts if p)


def demo_items(seed: int = 2017) -> list[DemoItem]:
    """Every demo item, sorted by publication date (so index-number serials follow the calendar)."""
    g = _Gen(seed)
    items: list[DemoItem] = []
    for year in range(FIRST_YEAR, LAST_DAY.year + 1):
        items += _yearly(g, year) + _notices(g, year) + _project_notices(g, year) + _news(g, year, 34)
    items += _policies(g) + _regulations(g)
    items = [i for i in items if i.published_on <= LAST_DAY]
    for item in items:
        if item.created_on is None:
            back = 0 if item.kind == "news" else g.rng.randint(1, 7)
            item.created_on = item.published_on - dt.timedelta(days=back)
    _number_documents(g, items)
    seen, unique = set(), []
    for item in sorted(items, key=lambda i: (i.published_on, i.title)):
        if item.title not in seen:  # the same template twice in a year: keep the first
            seen.add(item.title)
            unique.append(item)
    return unique


def _number_documents(g: _Gen, items: list[DemoItem]) -> None:
    """文号 such as 黔科通〔2025〕12号, numbered in date order within each prefix and year."""
    counters: dict[tuple[str, int], int] = {}
    for item in sorted(items, key=lambda i: i.published_on):
        if item.doc_prefix and not item.document_number:
            key = (item.doc_prefix, item.published_on.year)
            counters[key] = counters.get(key, 0) + g.rng.randint(1, 6)
            item.document_number = f"{item.doc_prefix}〔{key[1]}〕{counters[key]}号"


# --- 通知公告 ---------------------------------------------------------------------------------

NOTICES = [
    ("关于发布{y}年度省科技计划项目申报指南的通知", "资源配置与管理处", "科技", "科技计划 项目 申报指南", (1, 2), "黔科通", "call"),
    ("关于组织申报{y}年度{program}的通知", "资源配置与管理处", "科技", "科技计划 项目 申报", (2, 4), "黔科通", "call"),
    ("关于开展{y}年度{field}领域科技计划项目验收工作的通知", "资源配置与管理处", "科技", "项目 验收 科技计划", (9, 11), "黔科通", "check"),
    ("关于开展{y}年度高新技术企业认定工作的通知", "高新技术处", "科技", "高新技术企业 认定", (3, 5), "黔科通", "recognise"),
    ("关于开展{y}年度科技型中小企业评价工作的通知", "高新技术处", "科技", "科技型中小企业 评价", (2, 3), "黔科通", "recognise"),
    ("关于举办{y}年{city}专利代理实务培训班的通知", "知识产权管理处", "科技", "专利 培训 知识产权", (4, 6), "", "training"),
    ("关于征集{y}年度{field}领域关键核心技术需求的通知", "政策法规与创新体系建设处", "科技", "技术需求 关键核心技术", (6, 8), "黔科函", "solicit"),
    ("关于做好{y}年度全省科技统计调查工作的通知", "政策法规与创新体系建设处", "科技", "科技统计 调查", (1, 3), "黔科通", "check"),
    ("关于开展{y}年度省级科技企业孵化器和众创空间认定工作的通知", "成果转化与区域创新处", "科技", "孵化器 众创空间 成果转化", (5, 7), "黔科通", "recognise"),
    ("关于推荐{y}年度贵州省科学技术奖候选项目的通知", "资源配置与管理处", "科技", "科学技术奖 提名 项目", (4, 5), "黔科通", "call"),
    ("关于开展{y}年度专利行政执法“护航”专项行动的通知", "专利管理处", "科技", "专利 行政执法 知识产权保护", (3, 5), "黔科通", "check"),
    ("关于选派{y}年度省级科技特派员的通知", "农村科技处", "农业", "科技特派员 乡村振兴 农业科技", (2, 3), "黔科通", "solicit"),
    ("关于举办{y}年全国科技活动周贵州主场活动的通知", "政策法规与创新体系建设处", "科技", "科技活动周 科普", (4, 5), "黔科通", "training"),
    ("关于开展{y}年度科研诚信专项检查的通知", "政策法规与创新体系建设处", "科技", "科研诚信 监督检查", (8, 10), "黔科通", "check"),
    ("关于开展{y}年度省级重点实验室绩效评估的通知", "基础研究处", "科技", "重点实验室 绩效评估", (6, 8), "黔科通", "check"),
    ("关于征集{y}年度{city}科技成果转化项目的通知", "成果转化与区域创新处", "科技", "成果转化 项目 征集", (5, 7), "黔科函", "solicit"),
    ("关于开展{y}年度国际科技合作项目申报工作的通知", "对外合作处", "对外事务", "国际科技合作 项目 申报", (3, 5), "黔科通", "call"),
    ("贵州省科学技术厅所属事业单位{y}年公开招聘工作人员公告", "人事处", "人事", "公开招聘 事业单位", (3, 5), "", "recruit"),
]

_PURPOSE = [
    "深入实施创新驱动发展战略，加快建设西部地区科技创新高地",
    "进一步提升全省科技计划项目管理的科学化、规范化水平",
    "加快推动科技成果转化，促进科技与经济深度融合",
    "强化企业科技创新主体地位，培育壮大科技型企业",
    "全面加强知识产权保护，营造良好的创新生态",
    "推动“四新”主攻“四化”，以科技创新支撑高质量发展",
]
_DETAILS = {
    "call": ["申报单位应为在贵州省内注册、具有独立法人资格的企事业单位，项目负责人须具有高级职称或博士学位。",
             "项目申报实行网上申报，申报单位登录贵州省科技计划项目管理信息系统填报，纸质材料不再报送。",
             "每个项目负责人限申报一个项目，在研项目未结题的负责人不得牵头申报。",
             "重点支持{field}等领域的关键核心技术攻关和科技成果转化，鼓励产学研联合申报。"],
    "check": ["请各单位对照项目任务书逐项开展自查，形成自查报告，于规定时间前报送。",
             "省科技厅将组织专家采取现场检查与材料审查相结合的方式开展工作，检查结果纳入科研信用记录。",
             "对检查中发现的问题，责任单位应于30日内完成整改，并将整改情况书面报告省科技厅。",
             "贵阳市、遵义市等科技项目较多的地区，请各市（州）科技局做好组织协调工作。"],
    "recognise": ["申请单位应为在贵州省内注册一年以上的居民企业，拥有对主要产品在技术上发挥核心支持作用的知识产权。",
                  "认定工作坚持“公开、公平、公正”原则，实行网上申报、专家评审、社会公示的程序。",
                  "拥有有效发明专利、近三年研发投入强度较高的企业将优先支持。",
                  "各市（州）科技局负责本地区申报材料的初审和推荐工作。"],
    "training": ["本次活动面向全省企业、高校、科研院所的科技管理人员和知识产权工作者。",
                 "培训内容包括专利申请实务、专利导航分析、知识产权运营和科技成果转化等。",
                 "活动地点设在贵阳市，参加人员请于报到当日携带本通知办理入场手续。",
                 "活动不收取任何费用，食宿交通自理。"],
    "solicit": ["请各单位围绕{field}等重点产业发展需求，梳理凝练需要解决的关键技术问题。",
                "征集的需求将作为编制省科技计划项目申报指南的重要依据。",
                "请于通知印发之日起30日内通过贵州省科技计划项目管理信息系统提交。",
                "鼓励企业联合高校和科研院所共同提出需求，推动创新链与产业链深度融合。"],
    "recruit": ["本次公开招聘坚持德才兼备的用人标准，按照公开、平等、竞争、择优的原则进行。",
                "招聘岗位、人数及条件详见附件《招聘岗位一览表》。",
                "报名采取网上报名方式，笔试、面试的时间和地点另行通知。",
                "招聘工作接受纪检监察部门和社会的监督。"],
}


def _subject(title: str) -> str:
    """关于开展X的通知 → 开展X (the sentence "现将开展X有关事项通知如下")."""
    return title[2:-3] if title.startswith("关于") and title.endswith("的通知") else ""


def _notices(g: _Gen, year: int) -> list[DemoItem]:
    out = []
    for title, dept, topic, keywords, months, prefix, style in NOTICES:
        ctx = {"y": year, "field": g.pick(FIELDS), "program": g.pick(PROGRAMS), "city": g.pick(CITIES)}
        day = g.day(year, *months)
        details = [d.format(**ctx) for d in _DETAILS[style]]
        g.rng.shuffle(details)
        body = g.paragraphs(
            "" if style == "recruit" else ADDRESSEES,
            f"为{g.pick(_PURPOSE)}，根据有关规定，现将{_subject(title.format(**ctx))}有关事项{'公告' if style == 'recruit' else '通知'}如下。",
            *(f"{'一二三四'[n]}、{text}" for n, text in enumerate(details)),
            CONTACT,
            "贵州省科学技术厅",
            cn_date(day),
        )
        out.append(DemoItem(title.format(**ctx), "notice", topic, dept, day, body, keywords, prefix,
                            attachment="docx" if style in ("call", "recruit") else ""))
    return out


# --- 公示公告 ---------------------------------------------------------------------------------

PROJECT_NOTICES = [
    ("{y}年度{program}拟立项项目公示", "资源配置与管理处", "科技", "项目 立项 公示 科技计划", (6, 8)),
    ("{y}年度{program}拟立项项目公示（第二批）", "资源配置与管理处", "科技", "项目 立项 公示", (9, 10)),
    ("{y}年度贵州省科学技术奖提名项目公示", "资源配置与管理处", "科技", "科学技术奖 提名 公示", (6, 7)),
    ("{y}年度贵州省科学技术奖拟奖励项目公示", "资源配置与管理处", "科技", "科学技术奖 奖励 公示", (10, 11)),
    ("{y}年度省级科技企业孵化器拟认定名单公示", "成果转化与区域创新处", "科技", "孵化器 认定 公示", (9, 10)),
    ("{y}年度贵州省专利奖拟授奖项目公示", "知识产权管理处", "科技", "专利奖 专利 公示", (8, 9)),
    ("{y}年贵州省第一批拟认定高新技术企业名单公示", "高新技术处", "科技", "高新技术企业 认定 公示", (7, 8)),
    ("{y}年贵州省第二批拟认定高新技术企业名单公示", "高新技术处", "科技", "高新技术企业 认定 公示", (10, 11)),
    ("{y}年度省级工程技术研究中心验收结果公示", "高新技术处", "科技", "工程技术研究中心 验收", (11, 12)),
    ("{y}年度省级科技特派员拟选派名单公示", "农村科技处", "农业", "科技特派员 公示", (3, 4)),
    ("{y}年度省科技成果转化项目拟支持名单公示", "成果转化与区域创新处", "科技", "成果转化 项目 公示", (7, 9)),
]


def _project_notices(g: _Gen, year: int) -> list[DemoItem]:
    out = []
    for title, dept, topic, keywords, months in PROJECT_NOTICES:
        ctx = {"y": year, "program": g.pick(PROGRAMS)}
        day = g.day(year, *months)
        end = day + dt.timedelta(days=7)
        name = title.format(**ctx)
        body = g.paragraphs(
            f"根据《贵州省科技计划项目管理办法》等有关规定，经形式审查、专家评审和省科技厅党组会议研究，"
            f"现将{name.replace('公示', '')}予以公示（见附件）。",
            f"公示期为{cn_date(day)}至{cn_date(end)}。",
            f"公示期内，任何单位和个人对公示内容有异议的，请以书面形式向省科技厅{dept}反映。以单位名义提出异议的，"
            "须加盖单位公章；以个人名义提出异议的，须签署真实姓名并提供有效联系方式，逾期或匿名异议不予受理。",
            f"本次公示共涉及项目（单位）{g.rng.randint(12, 260)}个，分布在贵阳市、遵义市等{g.rng.randint(5, 9)}个市（州）。",
            "贵州省科学技术厅",
            cn_date(day),
        )
        out.append(DemoItem(name, "project_notice", topic, dept, day, body, keywords, attachment="docx"))
    return out


# --- 工作动态 ---------------------------------------------------------------------------------

NEWS = [
    ("省科技厅赴{city}调研{field}产业科技创新工作", "办公室", "科技创新 调研"),
    ("{city}召开科技成果转化对接会，{n}个项目现场签约", "成果转化与区域创新处", "成果转化 项目 签约"),
    ("{y}年全国科技活动周贵州主场活动在{city}启动", "政策法规与创新体系建设处", "科技活动周 科普"),
    ("省科技厅组织开展{field}领域专利导航培训", "知识产权管理处", "专利 专利导航 培训"),
    ("贵州省与{partner}签署科技合作协议", "对外合作处", "科技合作 协议"),
    ("省科技厅党组理论学习中心组开展集中学习", "机关党委", "理论学习 党建"),
    ("科技特派员助力{city}{field}产业发展见成效", "农村科技处", "科技特派员 乡村振兴"),
    ("全省知识产权保护工作推进会在贵阳召开", "知识产权管理处", "知识产权保护 专利"),
    ("{field}省级重点实验室通过验收", "基础研究处", "重点实验室 验收"),
    ("省科技厅召开政府信息公开工作培训会", "办公室", "政务公开 培训"),
    ("{city}科技型企业发明专利授权量同比增长{p}%", "专利管理处", "专利 发明专利 科技型企业"),
    ("省科技厅开展“科技助企”服务活动走进{city}", "高新技术处", "科技助企 企业服务"),
    ("{field}科技创新人才团队建设交流会在贵阳举行", "人事处", "人才团队 科技人才"),
    ("省科技厅召开{y}年度科技计划项目评审工作会", "资源配置与管理处", "科技计划 项目 评审"),
    ("贵州省{field}技术创新中心揭牌成立", "高新技术处", "技术创新中心 平台建设"),
    ("{city}举办{field}科技成果路演活动", "成果转化与区域创新处", "成果转化 路演"),
    ("省科技厅召开全省科技工作会议", "办公室", "科技工作会议"),
    ("我省{n}项成果获国家科学技术奖", "资源配置与管理处", "科学技术奖 科技成果"),
    ("省科技厅与{city}人民政府举行厅市会商", "成果转化与区域创新处", "厅市会商 区域创新"),
    ("贵阳大数据科创城新增入驻科技企业{n}家", "高新技术处", "大数据 科技企业 贵阳"),
]
_NEWS_BODY = [
    "会议强调，要坚持把科技创新摆在发展全局的核心位置，聚焦{field}等重点产业，强化关键核心技术攻关。",
    "活动现场，来自高校、科研院所和企业的代表围绕科技成果转化、专利运营和人才培养进行了深入交流。",
    "近年来，{city}持续加大研发投入，全社会研发经费投入强度稳步提升，科技型企业数量快速增长。",
    "下一步，省科技厅将进一步优化科技计划项目布局，完善科技成果转化激励机制，推动更多成果在贵州落地。",
    "据介绍，该项目由贵阳市一家高新技术企业牵头，联合省内高校共同实施，已申请发明专利{n}件。",
    "与会人员表示，将以此次活动为契机，把学习成果转化为推动科技创新的实际成效。",
    "省科技厅有关负责同志出席并讲话，{city}科技局及相关企业负责人参加。",
    "此次合作将在{field}、科技人才交流和创新平台共建等方面开展深度合作。",
]


def _news(g: _Gen, year: int, count: int) -> list[DemoItem]:
    out = []
    for _ in range(count):
        title, dept, keywords = g.pick(NEWS)
        ctx = {"y": year, "city": g.pick(CITIES), "field": g.pick(FIELDS), "partner": g.pick(PARTNERS),
               "n": g.rng.randint(3, 48), "p": g.rng.randint(8, 35)}
        day = g.day(year, 1, 12)
        lead = f"{cn_date(day)}，{title.format(**ctx)}。"
        body = g.paragraphs(lead, *(p.format(**ctx) for p in g.pick(_NEWS_BODY, 3)))
        topic = "农业" if dept == "农村科技处" else "科技"
        out.append(DemoItem(title.format(**ctx), "news", topic, dept, day, body, keywords))
    return out


# --- 预决算、规划计划、统计信息、年度报告 ---------------------------------------------------------------


def _yearly(g: _Gen, year: int) -> list[DemoItem]:
    out = []
    total = g.rng.randint(52000, 68000)
    for title, months, what in (
        (f"贵州省科学技术厅{year}年部门预算", (1, 2), f"{year}年收入预算"),
        (f"贵州省科学技术厅{year}年“三公”经费预算情况说明", (1, 2), f"{year}年“三公”经费预算"),
        (f"贵州省科学技术厅{year - 1}年部门决算", (7, 8), f"{year - 1}年决算收入"),
        (f"贵州省科学技术厅{year - 1}年“三公”经费决算情况说明", (7, 8), f"{year - 1}年“三公”经费决算"),
    ):
        day = g.day(year, *months)
        three = g.rng.randint(60, 140)
        body = g.paragraphs(
            "一、部门主要职责：贯彻落实国家和省关于科技创新的方针政策，拟订全省科技发展规划和政策，统筹科技计划项目和资金管理，"
            "推进科技成果转化和知识产权（专利）保护。",
            "二、部门预算单位构成：省科技厅本级及贵州省科技信息中心、贵州省科学技术情报研究所等直属事业单位。",
            f"三、收支总体情况：{what}{total}万元，其中科技计划项目资金占比{g.rng.randint(55, 75)}%。" if "三公" not in title
            else f"三、{what}{three}万元，其中因公出国（境）费{three // 5}万元，公务用车购置及运行费{three // 2}万元，"
                 f"公务接待费{three - three // 5 - three // 2}万元。",
            "四、名词解释及其他需要说明的事项见附件。",
        )
        out.append(DemoItem(title, "budget", "财政", "办公室", day, body, "预决算 三公经费 部门预算",
                            attachment="" if "三公" in title else "xlsx"))
    report_day = g.day(year, 1, 1)
    out.append(DemoItem(
        f"贵州省科学技术厅{year - 1}年政府信息公开工作年度报告", "other", "综合政务", "办公室", report_day,
        g.paragraphs(
            "根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求，制定本报告。",
            f"一、总体情况：{year - 1}年，省科技厅主动公开政府信息{g.rng.randint(900, 1900)}条，"
            f"办理政府信息公开申请{g.rng.randint(1, 12)}件，未发生因政府信息公开引发的行政复议、行政诉讼。",
            "二、主动公开政府信息情况、三、收到和处理政府信息公开申请情况、四、政府信息公开行政复议和行政诉讼情况，详见正文表格。",
            "五、存在的主要问题及改进情况：公开信息不够全面、政策解读形式较为单一，下一步将强化督查自查，做到应解读尽解读。",
        ),
        "年度报告 政府信息公开", "", attachment="docx"))
    out.append(DemoItem(f"{year}年全省科技工作要点", "plan", "科技", "政策法规与创新体系建设处", g.day(year, 3, 3),
                        g.paragraphs(f"{year}年全省科技工作的总体要求是：以科技创新支撑高质量发展。",
                                     f"一、强化{g.pick(FIELDS)}等重点领域关键核心技术攻关，组织实施省重点研发计划项目。",
                                     "二、加快科技成果转化，建设一批概念验证中心和中试基地。",
                                     "三、强化知识产权创造、保护和运用，提升专利质量。"),
                        "工作要点 科技计划", "黔科发"))
    out.append(DemoItem(f"省科技厅{year}年政务公开工作要点", "plan", "综合政务", "办公室", g.day(year, 4, 4),
                        g.paragraphs("为深入贯彻落实《中华人民共和国政府信息公开条例》，制定本要点。",
                                     "一、加强政策发布解读，严格落实“谁起草、谁解读”。",
                                     "二、做好科技计划项目、科技成果转化等重点领域信息公开。",
                                     "三、规范依申请公开办理，严格按照法定时限答复。"),
                        "政务公开 工作要点", "黔科办发"))
    for quarter in (1, 2, 3, 4):
        month = quarter * 3 + 1
        if month > 12:
            continue
        day = g.day(year, month, month)
        granted = g.rng.randint(2800, 5200)
        out.append(DemoItem(
            f"{year}年第{'一二三四'[quarter - 1]}季度贵州省专利统计数据", "statistics", "科技", "知识产权管理处", day,
            g.paragraphs(f"{year}年第{'一二三四'[quarter - 1]}季度，全省专利授权{granted}件，其中发明专利{granted // 7}件，"
                         f"同比增长{g.rng.randint(5, 25)}%。", f"贵阳市专利授权量居全省首位，占全省总量的{g.rng.randint(38, 52)}%。",
                         "详细数据见附表。"),
            "专利 统计 发明专利"))
    out.append(DemoItem(f"{year - 1}年贵州省技术合同登记情况", "statistics", "科技", "成果转化与区域创新处", g.day(year, 3, 4),
                        g.paragraphs(f"{year - 1}年，全省共登记技术合同{g.rng.randint(3000, 6000)}项，成交额{g.rng.randint(200, 480)}亿元。",
                                     "技术开发和技术服务合同占比最高，成果转化成效明显。"),
                        "技术合同 成果转化 统计"))
    return out


# --- 行政规范性文件及其解读、规章 -----------------------------------------------------------------

POLICIES = [
    # title, date, department, validity, repealed_on
    ("贵州省科技计划项目管理办法", dt.date(2023, 3, 15), "政策法规与创新体系建设处", "repealed", dt.date(2025, 6, 18)),
    ("贵州省科技计划项目资金管理办法", dt.date(2023, 8, 9), "资源配置与管理处", "valid", None),
    ("贵州省科技创新券管理办法（试行）", dt.date(2023, 5, 22), "成果转化与区域创新处", "expired", None),
    ("贵州省专利资助管理办法", dt.date(2023, 6, 12), "专利管理处", "repealed", dt.date(2024, 12, 10)),
    ("贵州省科研诚信管理办法（试行）", dt.date(2023, 10, 17), "政策法规与创新体系建设处", "valid", None),
    ("贵州省省级科技企业孵化器认定管理办法", dt.date(2024, 2, 27), "成果转化与区域创新处", "valid", None),
    ("贵州省科技特派员管理办法", dt.date(2024, 4, 11), "农村科技处", "valid", None),
    ("贵州省省级重点实验室管理办法", dt.date(2024, 7, 3), "基础研究处", "valid", None),
    ("贵州省技术转移示范机构管理办法", dt.date(2024, 9, 19), "成果转化与区域创新处", "valid", None),
    ("贵州省知识产权资助奖励办法", dt.date(2024, 12, 10), "知识产权管理处", "valid", None),
    ("贵州省科技成果评价工作指引（试行）", dt.date(2025, 3, 20), "成果转化与区域创新处", "valid", None),
    ("贵州省科技计划项目管理办法（2025年修订）", dt.date(2025, 6, 18), "政策法规与创新体系建设处", "valid", None),
    ("贵州省省级工程技术研究中心管理办法", dt.date(2025, 9, 9), "高新技术处", "valid", None),
    ("贵州省科学技术奖励办法实施细则", dt.date(2025, 11, 4), "资源配置与管理处", "valid", None),
    ("贵州省外国专家项目管理办法", dt.date(2026, 3, 12), "对外合作处", "valid", None),
    ("贵州省科技企业研发投入后补助实施办法", dt.date(2026, 5, 26), "资源配置与管理处", "valid", None),
    ("贵州省概念验证中心建设指引（试行）", dt.date(2026, 8, 14), "成果转化与区域创新处", "valid", None),
]


def _articles(g: _Gen, subject: str) -> str:
    core = subject.split("（")[0].removeprefix("贵州省")
    return g.paragraphs(
        "第一章　总则",
        f"第一条　为规范{core.removesuffix('管理办法').removesuffix('办法').removesuffix('实施细则')}工作，根据《中华人民共和国科学技术进步法》"
        "《中华人民共和国促进科技成果转化法》等法律法规，结合本省实际，制定本办法。",
        "第二条　本办法适用于省级财政资金支持的科技计划项目及相关活动的管理。",
        "第三条　省科学技术厅负责统筹协调和监督管理；各市（州）科技管理部门负责本地区的组织推荐和日常管理。",
        "第二章　申报与评审",
        f"第四条　申报单位应当具有较强的研发能力，近三年拥有有效发明专利或者其他知识产权，重点支持{g.pick(FIELDS)}等领域。",
        "第五条　评审实行专家评审制度，评审专家从省科技专家库中随机抽取，实行回避制度。",
        "第三章　监督管理",
        "第六条　对弄虚作假、截留挪用项目资金等行为，依法依规处理，并记入科研诚信记录。",
        "第四章　附则",
        "第七条　本办法由省科学技术厅负责解释。",
        "第八条　本办法自印发之日起施行。",
    )


def _policies(g: _Gen) -> list[DemoItem]:
    out = []
    for title, day, dept, validity, repealed_on in POLICIES:
        keywords = "规范性文件 " + ("专利 知识产权" if "专利" in title or "知识产权" in title else "科技计划 项目")
        out.append(DemoItem(title, "normative_document", "科技", dept, day, _articles(g, title), keywords, "黔科发",
                            validity=validity, repealed_on=repealed_on))
        # 谁起草、谁解读: the interpretation is published with the document, by the same department.
        out.append(DemoItem(
            f"《{title}》政策解读", "interpretation", "科技", dept, day,
            g.paragraphs(
                f"一、起草背景：为贯彻落实国家和省关于深化科技体制改革的部署，省科技厅{dept}牵头起草了《{title}》。",
                "二、主要内容：明确了适用范围、职责分工、申报条件、评审程序、监督管理和法律责任等内容。",
                f"三、创新举措：一是简化申报材料，推行“一表通”；二是扩大科研单位自主权；三是强化{g.pick(['成果转化', '专利运用', '绩效评价'])}导向。",
                f"四、解读机关：贵州省科学技术厅{dept}。{CONTACT}",
            ),
            "政策解读 " + keywords.split()[1]))
    return out


def _regulations(g: _Gen) -> list[DemoItem]:
    out = []
    for title, day, number, validity, repealed_on in (
        ("贵州省科学技术奖励办法", dt.date(2023, 4, 20), "贵州省人民政府令第210号", "valid", None),
        ("贵州省专利保护办法", dt.date(2023, 9, 7), "贵州省人民政府令第213号", "repealed", dt.date(2026, 1, 1)),
        ("贵州省技术市场管理办法", dt.date(2024, 11, 28), "贵州省人民政府令第221号", "valid", None),
    ):
        out.append(DemoItem(title, "regulation", "科技", "政策法规与创新体系建设处", day, _articles(g, title),
                            "规章 科技", document_number=number, validity=validity, repealed_on=repealed_on,
                            publisher="贵州省人民政府"))
    return out
