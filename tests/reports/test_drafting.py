"""Section 一 drafted in its five parts, naming the year's figures in sentences as the 2017 reference
report does ("共发布厅网站信息1912条。发布微博734余条、微信173条。向国家科技部网站报送信息149条，采用56条");
the figures are worked by hand below, not taken from the code."""
from gongkai.applications.outcomes import Outcome
from gongkai.reports.annual import COLUMNS, REVIEW_RESULTS, ROWS
from gongkai.reports.drafting import PARTS, draft_prose
from gongkai.reports.readiness import placeholders


def figures(**activity):
    rows = {r: dict.fromkeys(COLUMNS, 0) for r in ROWS}
    for row, total in (("new", 5), ("carried_in", 2), ("disclosed", 3), ("withheld_state_secret", 1),
                       ("not_processed_duplicate", 1), ("total", 5), ("carried_out", 2)):
        rows[row]["total"] = total
    return {
        "org": "gzsti", "year": 2025, "applications": {"columns": COLUMNS, "rows": rows},
        "proactive": {"regulation": {"issued": 1, "repealed": 0, "in_force": 12},
                      "normative_document": {"issued": 4, "repealed": 2, "in_force": 30},
                      "licensing": 0, "penalty": 0, "enforcement": 0, "fees_10k_yuan": 0},
        "reviews": {k: dict.fromkeys(REVIEW_RESULTS, 0) for k in ("reconsideration", "litigation_direct",
                                                                  "litigation_after_reconsideration")},
        "activity": activity,
    }


FULL = {
    "published": {"website": 1912, "weibo": 734, "wechat": 173},
    "interpretations": 5,
    "press": {"press_conference": 10, "news_office_conference": 1, "online_interview": 1, "radio_hotline": 2},
    "training": {"training_held": 1, "training_attended": 3},
    "replies": {"mailbox": 25, "consultation": 51, "message_board": 29, "grassroots": 0, "social_media": 10, "other": 2,
                "total": 117},
    "suggestions": {"deputy": 5, "member": 9, "total": 14},
    "submissions": {"sent": 686, "adopted": 264, "by_body": {"MOST": {"sent": 149, "adopted": 56},
                                                           "CNIPA": {"sent": 132, "adopted": 47},
                                                           "GZGOV": {"sent": 405, "adopted": 161}}},
    "application_fees_yuan": 0,
}
NAMES = {"MOST": "科技部", "CNIPA": "国家知识产权局", "GZGOV": "省政府"}


def test_section_one_comes_in_its_five_parts_with_the_years_figures():
    overview = draft_prose(org_name="省科技厅", year=2025, figures=figures(**FULL), body_names=NAMES)["overview"]
    lines = overview.split("\n")
    assert lines[0::2] == list(PARTS)
    one, two, three, four, five = lines[1::2]
    assert one == ("2025年，省科技厅坚持以公开为常态、不公开为例外，通过门户网站主动公开政府信息1912条，"
                   "通过官方微博发布信息734条，通过微信公众号发布信息173条；发布政策解读5件。"
                   "全年自主举办新闻发布会10次，协调政府新闻办召开新闻发布会1次，参加在线访谈1次，参加电台、电视热线节目2次。"
                   "公开建议提案办理结果14件，其中人大代表建议5件、政协委员提案9件。")
    assert two.startswith("2025年新收政府信息公开申请5件，上年结转2件，办结5件，结转下年度继续办理2件。"
                          "办结的申请中，予以公开3件，不予公开1件，不予处理1件。本年度未收取信息处理费。")
    assert "现行有效规章12件、行政规范性文件30件" in three and "废止规章0件、行政规范性文件2件" in three
    assert ("向上级机关报送政务信息686条，被采用264条，其中向科技部报送149条、采用56条；"
            "向国家知识产权局报送132条、采用47条；向省政府报送405条、采用161条。") in three
    assert four.endswith("全年公开回复公众留言、咨询117条，其中领导信箱25条、咨询投诉51条、留言板29条、微博微信互动10条、其他2条。")
    assert "自主召开政府信息公开工作培训会1次，派员参加培训3次" in five
    assert placeholders(overview) == []  # 一 is drafted whole; 五 is left for staff


def test_registers_that_do_not_exist_yet_read_as_zero():
    prose = draft_prose(org_name="省科技厅", year=2025, figures=figures(published={"website": 3}))
    assert "通过门户网站主动公开政府信息3条；发布政策解读0件。" in prose["overview"]
    assert "本年度未通过互动交流栏目公开回复公众留言" in prose["overview"]
    assert placeholders(prose["problems"]) and prose["other_matters"] == "本年度未收取信息处理费。"


def test_last_years_problems_come_into_section_five_with_a_placeholder_for_what_was_done():
    prose = draft_prose(org_name="省科技厅", year=2025, figures=figures(**FULL), previous_problems="公开渠道单一。")
    assert prose["problems"] == "上年度报告提出的问题：\n公开渠道单一。\n改进情况：（请填写）"
    assert len(Outcome) == 21  # the rows the outcome groups above are summed from


def test_an_agencys_own_channel_is_named_by_its_register():
    prose = draft_prose(org_name="省科技厅", year=2025, figures=figures(published={"website": 3, "weibo": 0, "douyin": 12}),
                        channel_names={"douyin": "抖音号", "weibo": "新浪微博"})
    assert "通过门户网站主动公开政府信息3条，通过抖音号发布信息12条；" in prose["overview"]
