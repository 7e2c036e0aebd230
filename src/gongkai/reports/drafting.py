"""The drafts of the report's prose (一、五、六), naming the year's figures in sentences as agencies'
reports do (shared/reference/2017-annual-report-guizhou-sti.txt) — pure functions over the JSON
figures of annual-report.md, so the draft never says a number the tables do not.

Section 一 comes in the five parts agencies use since the 2021 format: （一）主动公开 （二）依申请公开
（三）政府信息管理 （四）平台建设 （五）监督保障. Each part is a heading line and a paragraph. The
`activity` block is read defensively: a register that does not exist yet counts as zero.

Only what the records cannot know is left as "（请填写…）", and readiness refuses to finalise a
report that still holds one — so staff must read and complete the draft before it goes out.
"""
from __future__ import annotations

from gongkai.applications.outcomes import Outcome

CHANNEL_NAMES = {"weibo": "官方微博", "wechat": "微信公众号"}
PRESS_NAMES = {"press_conference": "自主举办新闻发布会{}次", "news_office_conference": "协调政府新闻办召开新闻发布会{}次",
               "online_interview": "参加在线访谈{}次", "radio_hotline": "参加电台、电视热线节目{}次"}
REPLY_NAMES = {"mailbox": "领导信箱{}条", "consultation": "咨询投诉{}条", "message_board": "留言板{}条",
               "grassroots": "网络基层民意直通车{}条", "social_media": "微博微信互动{}条", "other": "其他{}条"}
OUTCOME_GROUPS = (("（一）", "予以公开"), ("（二）", "部分公开"), ("（三）", "不予公开"), ("（四）", "无法提供"),
                  ("（五）", "不予处理"), ("（六）", "其他处理"))
PARTS = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障")
PROBLEMS_PLACEHOLDER = "（请填写本年度政府信息公开工作存在的主要问题，以及上年度问题的改进情况）"


def _n(block, key: str) -> int:
    value = block.get(key, 0) if isinstance(block, dict) else 0
    return value if isinstance(value, int) else 0


def _parts(names: dict[str, str], counts: dict) -> list[str]:
    """"厅长信箱25条、咨询投诉51条" for the non-zero counts, in the order of NAMES."""
    return [pattern.format(counts[key]) for key, pattern in names.items() if _n(counts, key)]


def _proactive(year: int, org_name: str, figures: dict, channel_names: dict[str, str]) -> str:
    act = figures.get("activity", {})
    published = act.get("published", {})
    names = {**channel_names, **CHANNEL_NAMES}
    channels = [f"通过{names.get(code, code)}发布信息{count}条" for code, count in published.items()
                if code != "website" and isinstance(count, int) and count]
    text = (f"{year}年，{org_name}坚持以公开为常态、不公开为例外，通过门户网站主动公开政府信息{_n(published, 'website')}条"
            + ("，" + "，".join(channels) if channels else "") + f"；发布政策解读{_n(act, 'interpretations')}件。")
    press = _parts(PRESS_NAMES, act.get("press", {}))
    if press:
        text += "全年" + "，".join(press) + "。"
    suggestions = act.get("suggestions", {})
    if _n(suggestions, "total"):
        text += (f"公开建议提案办理结果{_n(suggestions, 'total')}件，其中人大代表建议{_n(suggestions, 'deputy')}件、"
                 f"政协委员提案{_n(suggestions, 'member')}件。")
    return text


def _on_request(year: int, figures: dict) -> str:
    rows = figures["applications"]["rows"]
    total = lambda row: rows[row]["total"]  # noqa: E731
    text = (f"{year}年新收政府信息公开申请{total('new')}件，上年结转{total('carried_in')}件，"
            f"办结{total('total')}件，结转下年度继续办理{total('carried_out')}件。")
    groups = []
    for prefix, name in OUTCOME_GROUPS:
        count = sum(rows[o.value]["total"] for o in Outcome if o.label.startswith(prefix))
        if count:
            groups.append(f"{name}{count}件")
    if groups:
        text += "办结的申请中，" + "，".join(groups) + "。"
    fees = _n(figures.get("activity", {}), "application_fees_yuan")
    text += f"本年度收取信息处理费{fees}元。" if fees else "本年度未收取信息处理费。"
    reviews = figures.get("reviews", {})
    reconsideration = _n(reviews.get("reconsideration", {}), "total")
    litigation = sum(_n(reviews.get(k, {}), "total") for k in ("litigation_direct", "litigation_after_reconsideration"))
    if reconsideration or litigation:
        text += f"因政府信息公开被申请行政复议{reconsideration}件、提起行政诉讼{litigation}件。"
    else:
        text += "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    return text


def _management(figures: dict, body_names: dict[str, str]) -> str:
    proactive = figures.get("proactive", {})
    reg, doc = proactive.get("regulation", {}), proactive.get("normative_document", {})
    text = (f"本年度制发规章{_n(reg, 'issued')}件、行政规范性文件{_n(doc, 'issued')}件，废止规章{_n(reg, 'repealed')}件、"
            f"行政规范性文件{_n(doc, 'repealed')}件，现行有效规章{_n(reg, 'in_force')}件、行政规范性文件{_n(doc, 'in_force')}件，"
            "均按规定纳入政府信息公开目录管理，公开前经保密审查。")
    submissions = figures.get("activity", {}).get("submissions", {})
    if _n(submissions, "sent"):
        text += f"向上级机关报送政务信息{_n(submissions, 'sent')}条，被采用{_n(submissions, 'adopted')}条"
        by_body = submissions.get("by_body", {})
        if isinstance(by_body, dict) and by_body:
            text += "，其中" + "；".join(
                f"向{body_names.get(code, code)}报送{_n(v, 'sent')}条、采用{_n(v, 'adopted')}条" for code, v in by_body.items())
        text += "。"
    return text


def _platforms(figures: dict) -> str:
    replies = figures.get("activity", {}).get("replies", {})
    total = _n(replies, "total")
    if not total:
        return "依托门户网站政府信息公开专栏和互动交流栏目开展公开工作，本年度未通过互动交流栏目公开回复公众留言。"
    parts = _parts(REPLY_NAMES, replies)
    return ("依托门户网站政府信息公开专栏和互动交流栏目开展公开工作，全年公开回复公众留言、咨询"
            f"{total}条" + ("，其中" + "、".join(parts) if parts else "") + "。")


def _oversight(figures: dict) -> str:
    training = figures.get("activity", {}).get("training", {})
    held, attended = _n(training, "training_held"), _n(training, "training_attended")
    text = "按照政府信息公开工作制度开展保密审查、工作考核和社会评议。"
    if held or attended:
        text += f"本年度自主召开政府信息公开工作培训会{held}次，派员参加培训{attended}次。"
    return text


def draft_overview(*, org_name: str, year: int, figures: dict, body_names: dict[str, str] | None = None,
                   channel_names: dict[str, str] | None = None) -> str:
    """一、总体情况 in its five parts, each a heading line and a paragraph naming the year's figures.
    BODY_NAMES, CHANNEL_NAMES: the names of the higher bodies and new-media channels by code."""
    paragraphs = (_proactive(year, org_name, figures, channel_names or {}), _on_request(year, figures),
                  _management(figures, body_names or {}), _platforms(figures), _oversight(figures))
    return "\n".join(f"{head}\n{text}" for head, text in zip(PARTS, paragraphs))


def draft_prose(*, org_name: str, year: int, figures: dict, previous_problems: str = "",
                body_names: dict[str, str] | None = None, channel_names: dict[str, str] | None = None) -> dict[str, str]:
    """Drafts of 一、五、六. 五 carries last year's problems, with a placeholder for what was done."""
    if previous_problems.strip():
        problems = f"上年度报告提出的问题：\n{previous_problems.strip()}\n改进情况：（请填写）"
    else:
        problems = PROBLEMS_PLACEHOLDER
    fees = _n(figures.get("activity", {}), "application_fees_yuan")
    other = (f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{fees}元。" if fees
             else "本年度未收取信息处理费。")
    return {"overview": draft_overview(org_name=org_name, year=year, figures=figures, body_names=body_names,
                                       channel_names=channel_names),
            "problems": problems, "other_matters": other}
