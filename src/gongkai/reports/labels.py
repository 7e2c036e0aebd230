"""The official wording of the report's rows and columns (国办公开办函〔2021〕30号)."""
from gongkai.applications.models import ApplicantType
from gongkai.applications.outcomes import Outcome

COLUMN_LABELS = {
    "natural_person": "自然人",
    "business": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构", "other_org": "其他",
    "total": "总计",
}
ORG_COLUMNS = [c for c in ApplicantType.values if c != "natural_person"]

ROW_LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    **{o.value: o.label for o in Outcome},
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
SECTION_THREE = "三、本年度办理结果"

PROACTIVE_LABELS = {"regulation": "规章", "normative_document": "行政规范性文件"}
PROACTIVE_COLUMNS = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}
REVIEW_KIND_LABELS = {"reconsideration": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                      "litigation_after_reconsideration": "行政诉讼（复议后起诉）"}
REVIEW_RESULT_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}
SECTIONS = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "reviews": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}

# Table 三 of the official format: its top-left note, the heads of the grouped outcome items, and the
# full wording of （二）.
CONSISTENCY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
OUTCOME_GROUPS = {"（三）": "（三）不予公开", "（四）": "（四）无法提供", "（五）": "（五）不予处理", "（六）": "（六）其他处理"}
OUTCOME_ROW_LABELS = {"partially_disclosed": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}
