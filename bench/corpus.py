"""Deterministic, realistic Chinese catalogue text for the benchmarks.

A Zipf-weighted vocabulary of government and science-and-technology phrases, place names, filler words
and generated proper names (companies, people, projects). Frequent words (项目, 科技计划) and rare ones
(a company's name, a bigram that only occurs inside a longer word) both exist, as in a real catalogue.
Everything is derived from a seed and a document number, so any worker can produce document n alone
and two runs produce the same corpus.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

GOV = (
    "科技计划项目 专利权人 贵阳市 成果转化 高新技术企业 知识产权 科学技术厅 申报 通知 关于 组织 开展 工作 项目 资金 "
    "管理办法 实施方案 科技创新 研发投入 重点实验室 工程技术研究中心 科技型中小企业 技术合同 登记 认定 评审 验收 "
    "绩效评价 专家 公示 名单 结果 单位 企业 高校 科研院所 大数据 人工智能 农业科技 乡村振兴 科技特派员 创新平台 "
    "人才团队 院士工作站 省级 国家级 年度 第一批 第二批 政府信息公开 依申请公开 年度报告 政策解读 财政资金 预算 决算 "
    "三公经费 政府采购 招标 中标 合同 科技奖励 自然科学奖 科技进步奖 技术发明奖 科普 科技活动周 大众创业 万众创新 "
    "孵化器 众创空间 新型研发机构 产学研 协同创新 基础研究 应用基础研究 重大专项 揭榜挂帅 科技计划 专利 发明专利 "
    "实用新型 技术转移 技术市场 科技金融 风险投资 知识产权质押 研发费用 加计扣除 税收优惠 火炬计划 星火计划 "
    "国际科技合作 对外交流 科技扶贫 东西部协作 生态环境 中医药 民族医药 大健康 新材料 新能源 装备制造 磷化工 "
    "山地农业 茶叶 食用菌 中药材 精细化工 数字经济 云计算 区块链 物联网 集成电路 软件 信息技术 电子信息 "
    "科研诚信 伦理审查 实验动物 安全生产 保密 档案 信访 督查 考核 党风廉政 法治政府 行政许可 行政处罚 "
    "双随机 一公开 营商环境 放管服 政务服务 网上办理 统一社会信用代码 法定代表人 承担单位 推荐单位 项目负责人"
).split()
PLACES = (
    "贵州省 遵义市 六盘水市 安顺市 毕节市 铜仁市 黔东南州 黔南州 黔西南州 贵安新区 观山湖区 南明区 云岩区 花溪区 "
    "乌当区 白云区 清镇市 修文县 息烽县 开阳县 仁怀市 赤水市 凯里市 都匀市 兴义市 盘州市 威宁县 湄潭县 绥阳县"
).split()
FILLER = (
    "的 的 的 和 与 及 在 对 为 按照 根据 进一步 加强 推进 落实 做好 有关 相关 要求 规定 情况 提高 确保 各 有关单位 "
    "现将 如下 请 于 前 报送 材料 联系人 电话 附件 特此 本 办法 自 起 施行 经 研究 决定 予以 同意 支持 鼓励 引导 "
    "围绕 聚焦 重点 全面 深化 改革 发展 建设 服务 管理 机制 体系 能力 水平 质量 效益 标准 规范 程序 时间 地点 "
    "方式 内容 范围 对象 条件 期限 以上 以下 不得 应当 可以 负责 统筹 协调 配合 实施 监督 检查 整改 报告 公布"
).split()
# Characters for generated names; common enough to read naturally, varied enough to make rare bigrams.
NAME_CHARS = (
    "安宝博才昌成诚达大德东方丰峰富刚光广国海航和恒宏鸿华辉惠吉佳嘉建江金锦晶景久俊凯康乐黎力立丽利良林龙隆茂美"
    "明铭南宁鹏平庆群荣瑞森山胜盛顺泰腾天通同威伟文祥新鑫信星兴旭延阳耀怡益银英永裕源远悦云泽振正志智中众卓"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
COMPANY_SUFFIX = ("科技有限公司", "生物科技有限公司", "信息技术有限公司", "新材料有限公司", "农业发展有限公司", "制药有限公司")
TITLE_TEMPLATES = (
    "关于{a}{y}年度{b}的通知",
    "关于{c}{b}的公示",
    "{p}{a}{b}工作方案",
    "关于印发《{b}{a}管理办法》的通知",
    "{y}年度{b}{a}名单",
    "关于{c}承担的{b}验收结果的公告",
    "{p}{b}{a}情况报告",
    "{y}年{a}{b}政策解读",
)


def _names(rng: random.Random) -> list[str]:
    """Generated proper names: the long tail of rare words (most occur in a handful of documents)."""
    companies = [f"贵州{rng.choice(NAME_CHARS)}{rng.choice(NAME_CHARS)}{rng.choice(COMPANY_SUFFIX)}" for _ in range(4000)]
    people = [rng.choice(SURNAMES) + "".join(rng.choice(NAME_CHARS) for _ in range(rng.choice((1, 2)))) for _ in range(3000)]
    projects = [f"{rng.choice(NAME_CHARS)}{rng.choice(NAME_CHARS)}{rng.choice(GOV)}" for _ in range(2000)]
    return sorted(set(companies + people + projects))


@dataclass
class Doc:
    title: str
    body: str  # plain text, paragraphs separated by "\n"
    keywords: str


class Corpus:
    """Document n of a corpus seeded with SEED; same (seed, n) → same document, in any process."""

    def __init__(self, seed: int = 2026):
        rng = random.Random(seed)
        self.seed = seed
        # Each word class has its share of the running text; inside a class, Zipf (rank r weighs
        # 1/(r+1)^power) over a seeded shuffle, so some words are everywhere and the tail is rare.
        self.classes = []
        # GOV is flatter (exponent 0.5): its most common word is in about two documents of three, not all.
        for share, power, words in ((0.50, 1.0, FILLER), (0.33, 0.5, GOV), (0.05, 1.0, PLACES), (0.12, 0.8, _names(rng))):
            words = list(words)
            rng.shuffle(words)
            cum = list(itertools.accumulate(1.0 / (r + 1) ** power for r in range(len(words))))
            self.classes.append((share, words, cum))
        # One list of all words with cumulative weights (class share × its Zipf weight): one
        # random.choices call draws a whole sentence.
        self.all_words, self.all_cum, total = [], [], 0.0
        for share, words, cum in self.classes:
            for w, prev, cur in zip(words, [0.0, *cum], cum):
                total += share * (cur - prev) / cum[-1]
                self.all_words.append(w)
                self.all_cum.append(total)

    def _word(self, rng: random.Random) -> str:
        return rng.choices(self.all_words, cum_weights=self.all_cum)[0]

    def _sentence(self, rng: random.Random) -> str:
        n = rng.randint(6, 14)
        parts = rng.choices(self.all_words, cum_weights=self.all_cum, k=n)
        if rng.random() < 0.5:
            parts.insert(rng.randrange(len(parts)), rng.choice(GOV))
        # A comma now and then, so Han runs are broken as in real prose.
        commas = rng.choices((True, False), (15, 85), k=n)
        out = []
        for i, w in enumerate(parts):
            out.append(w)
            if 0 < i < n - 1 and commas[i]:
                out.append("，")
        return "".join(out) + "。"

    def doc(self, n: int) -> Doc:
        rng = random.Random(self.seed * 1_000_003 + n)
        year = 2010 + n % 17
        title = rng.choice(TITLE_TEMPLATES).format(
            a=rng.choice(GOV), b=rng.choice(GOV), c=self._word(rng), p=rng.choice(PLACES), y=year
        )[:60]
        paragraphs, size, target = [], 0, rng.randint(230, 330)
        while size < target:
            para = "".join(self._sentence(rng) for _ in range(rng.randint(1, 3)))
            paragraphs.append(para)
            size += len(para)
        keywords = " ".join(sorted({rng.choice(GOV) for _ in range(3)}))
        return Doc(title=title, body="\n".join(paragraphs), keywords=keywords)


def published_on(n: int, seed: int = 2026) -> dt.date:
    """A publication date in the year doc(n) names, in an order unrelated to n (imports of history
    arrive out of order), so no query can lean on id order standing in for date order."""
    rng = random.Random(seed * 7 + n)
    year = 2010 + n % 17
    start = dt.date(year, 1, 1)
    last = dt.date(year, 12, 31) if year < 2026 else dt.date(2026, 11, 20)
    return start + dt.timedelta(days=rng.randrange((last - start).days + 1))
