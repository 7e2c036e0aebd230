"""Outcome codes: one per row of the national annual-report table (国办公开办函〔2021〕30号), in its
order, with the article of the regulation a decision of that kind rests on (条例, 2019)."""
from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", "（一）予以公开"
    PARTIALLY_DISCLOSED = "partially_disclosed", "（二）部分公开"
    WITHHELD_STATE_SECRET = "withheld_state_secret", "（三）1. 属于国家秘密"
    WITHHELD_LAW_PROHIBITED = "withheld_law_prohibited", "（三）2. 其他法律行政法规禁止公开"
    WITHHELD_THREE_SAFETY = "withheld_three_safety", "（三）3. 危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "（三）4. 保护第三方合法权益"
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs", "（三）5. 属于三类内部事务信息"
    WITHHELD_PROCESS_INFO = "withheld_process_info", "（三）6. 属于四类过程性信息"
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file", "（三）7. 属于行政执法案卷"
    WITHHELD_ADMIN_QUERY = "withheld_admin_query", "（三）8. 属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", "（四）1. 本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", "（四）2. 没有现成信息需要另行制作"
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", "（四）3. 补正后申请内容仍不明确"
    NOT_PROCESSED_PETITION = "not_processed_petition", "（五）1. 信访举报投诉类申请"
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate", "（五）2. 重复申请"
    NOT_PROCESSED_PUBLICATION = "not_processed_publication", "（五）3. 要求提供公开出版物"
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive", "（五）4. 无正当理由大量反复申请"
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation", "（五）5. 要求行政机关确认或重新出具已获取信息"
    OTHER_NO_CORRECTION = "other_no_correction", "（六）1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    OTHER_FEE_UNPAID = "other_fee_unpaid", "（六）2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    OTHER = "other", "（六）3. 其他"


# The article each outcome rests on (条例 2019), proposed to staff when they draft the reply.
LEGAL_BASIS = {
    Outcome.DISCLOSED: "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    Outcome.PARTIALLY_DISCLOSED: "《中华人民共和国政府信息公开条例》第三十七条",
    Outcome.WITHHELD_STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_LAW_PROHIBITED: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_THREE_SAFETY: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
    Outcome.WITHHELD_INTERNAL_AFFAIRS: "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    Outcome.WITHHELD_PROCESS_INFO: "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_ENFORCEMENT_FILE: "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_ADMIN_QUERY: "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    Outcome.UNAVAILABLE_NOT_HELD: "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "《中华人民共和国政府信息公开条例》第三十八条",
    Outcome.UNAVAILABLE_UNCLEAR: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.NOT_PROCESSED_PETITION: "《中华人民共和国政府信息公开条例》第三十九条第一款",
    Outcome.NOT_PROCESSED_DUPLICATE: "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    Outcome.NOT_PROCESSED_PUBLICATION: "《中华人民共和国政府信息公开条例》第三十九条第二款",
    Outcome.NOT_PROCESSED_EXCESSIVE: "《中华人民共和国政府信息公开条例》第三十五条",
    Outcome.NOT_PROCESSED_CONFIRMATION: "《中华人民共和国政府信息公开条例》第三十九条",
    Outcome.OTHER_NO_CORRECTION: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.OTHER_FEE_UNPAID: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    Outcome.OTHER: "",
}

# 第三十六条 reply types, used to choose the letter (告知书) template.
LETTER_TYPE = {
    Outcome.DISCLOSED: "disclosed",
    Outcome.PARTIALLY_DISCLOSED: "partially_disclosed",
    Outcome.UNAVAILABLE_NOT_HELD: "not_held",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "not_held",
    Outcome.UNAVAILABLE_UNCLEAR: "unclear",
    Outcome.NOT_PROCESSED_DUPLICATE: "duplicate",
    Outcome.OTHER_NO_CORRECTION: "terminated",
    Outcome.OTHER_FEE_UNPAID: "terminated",
}


def letter_type(outcome: str) -> str:
    if outcome.startswith("withheld_"):
        return "withheld"
    if outcome.startswith("not_processed_"):
        return "not_processed"
    return LETTER_TYPE.get(outcome, "other")
