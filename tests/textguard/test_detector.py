"""The guard's detector, from tables of cases worked out by hand.

Resident IDs (GB 11643-1999): check = "10X98765432"[Σ dᵢ·wᵢ mod 11], weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
  11010519491231002X — the standard's example: Σ = 167, 167 mod 11 = 2 → X
  520102198001011235 — Σ = 161, 161 mod 11 = 7 → 5
  440304199003074510 — Σ = 276, 276 mod 11 = 1 → 0
  522428198402291233 — 1984-02-29 exists (leap year); Σ = 317, 317 mod 11 = 9 → 3
  522428198502291230 — check character right (Σ = 320, mod 11 = 1 → 0) but 1985-02-29 does not exist
Bank cards (Luhn: double every second digit from the right, the sum must end in 0):
  4111111111111111 — doubled from the right: 4→8 and seven 1→2 (22), plus eight undoubled 1s (8): 30 → valid
  6222021234567890128 — 19 digits, check digit 8 makes the sum 80 → valid; …127 makes it 79 → not a card
"""
from __future__ import annotations

import pytest

from gongkai.textguard.detector import scan


def kinds(text: str, **kw) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text, **kw)]


@pytest.mark.parametrize("text, expected", [
    # id_card: valid check character and real birth date, 18 or legacy 15
    ("身份证号码11010519491231002X。", [("id_card", "11010519491231002X")]),
    ("身份证号码11010519491231002x。", [("id_card", "11010519491231002x")]),
    ("号码520102198001011235，", [("id_card", "520102198001011235")]),
    ("号码440304199003074510", [("id_card", "440304199003074510")]),
    ("闰年出生522428198402291233", [("id_card", "522428198402291233")]),
    ("旧证110105491231002", [("id_card", "110105491231002")]),   # 15 digits, born 1949-12-31
    # not IDs: wrong check character, impossible date, inside a longer run, unknown province, 15-digit bad date
    ("号码110105194912310021", []),
    ("号码522428198502291230", []),
    ("编号111010519491231002X3", []),
    ("号码99010519491231002X", []),
    ("旧证110105491331002", []),
    # bank_card: Luhn, 16–19 digits, runs of four
    ("卡号4111111111111111", [("bank_card", "4111111111111111")]),
    ("卡号6222021234567890128", [("bank_card", "6222021234567890128")]),
    ("卡号 6222 0212 3456 7890 128", [("bank_card", "6222 0212 3456 7890 128")]),
    ("卡号6222021234567890127", []),
    ("流水号62220212345678901280", []),   # 20 digits: a longer run, not a card
    ("信用代码11520000009390012X", []),    # 17 digits passing Luhn, but the X makes it a code
    # mobile: 11 digits 13–19, not inside a longer run
    ("电话13812345678。", [("mobile", "13812345678")]),
    ("电话+86 138 1234 5678", [("mobile", "+86 138 1234 5678")]),
    ("电话19912345678", [("mobile", "19912345678")]),
    ("电话12812345678", []),
    ("编号138123456789", []),
    ("编号213812345678", []),
    # landline
    ("电话0851-85891234", [("landline", "0851-85891234")]),
    ("电话(0851)85891234", [("landline", "(0851)85891234")]),
    ("电话（0851）85891234", [("landline", "（0851）85891234")]),
    ("电话0851 8589 1234", [("landline", "0851 8589 1234")]),
    ("电话010-62345678", [("landline", "010-62345678")]),
    ("日期2026-03-02", []),
    # email
    ("邮箱 zhang.san@example.gov.cn。", [("email", "zhang.san@example.gov.cn")]),
    ("写信至kjt_office@gz.gov.cn", [("email", "kjt_office@gz.gov.cn")]),
    ("不是邮箱 @example 或 a@b", []),
    # passport
    ("护照E12345678", [("passport", "E12345678")]),
    ("护照EA1234567", [("passport", "EA1234567")]),
    ("护照G12345678", [("passport", "G12345678")]),
    ("公务护照SE1234567", [("passport", "SE1234567")]),
    ("型号E123456789", []),
    ("护照EI1234567", []),   # I is not used as the series letter
    # secret_marking: a mark, not the words in running text
    ("机密★1年", [("secret_marking", "机密★1年")]),
    ("秘密★", [("secret_marking", "秘密★")]),
    ("绝密★长期", [("secret_marking", "绝密★长期")]),
    ("秘密★6个月\n关于……", [("secret_marking", "秘密★6个月")]),
    ("密级：机密\n标题", [("secret_marking", "密级：机密")]),
    ("密 级：秘密★1年", [("secret_marking", "密 级：秘密★1年")]),
    ("  秘密  \n关于印发……的通知", [("secret_marking", "秘密")]),
    ("属于国家秘密的不予公开。", []),
    ("涉及商业秘密、个人隐私的，不予公开。", []),
    ("不得泄露国家秘密和工作秘密，机密文件按规定管理。", []),
    # sensitive_word: the shipped default list
    ("此件为内部资料，注意保密，不得外传。", [("sensitive_word", "内部资料"), ("sensitive_word", "注意保密"), ("sensitive_word", "不得外传")]),
    ("资料内部使用", [("sensitive_word", "内部使用")]),
    ("公开资料", []),
])
def test_it_finds_what_it_must_and_nothing_else(text, expected):
    assert kinds(text) == expected


def test_it_reports_severity_block_for_marks_ids_and_cards_and_warn_for_the_rest():
    text = "机密★1年 11010519491231002X 4111111111111111 13812345678 0851-85891234 a.b@gz.gov.cn E12345678 内部资料"
    assert [(f.kind, f.severity) for f in scan(text)] == [
        ("secret_marking", "block"), ("id_card", "block"), ("bank_card", "block"), ("mobile", "warn"),
        ("landline", "warn"), ("email", "warn"), ("passport", "warn"), ("sensitive_word", "warn"),
    ]


def test_it_gives_offsets_into_the_original_text_with_mixed_widths():
    # Full-width digits and Ｘ, a full-width colon, an ideographic space, an astral character (𠀀 counts as one).
    # 𠀀0 申1 请2 人3 ：4 张5 三6 　7 身8 份9 证10, the ID 11–28, ，29 手30 机31, the mobile 32–42,
    # ，43 邮44 箱45, the e-mail 46–58 (ｚｓ 2 + @ 1 + ｅｘａｍｐｌｅ 7 + . 1 + ｃｎ 2 = 13 characters).
    text = "𠀀申请人：张三　身份证１１０１０５１９４９１２３１００２Ｘ，手机13812345678，邮箱ｚｓ@ｅｘａｍｐｌｅ.ｃｎ"
    found = scan(text)
    assert [(f.kind, f.start, f.end) for f in found] == [("id_card", 11, 29), ("mobile", 32, 43), ("email", 46, 59)]
    for f in found:
        assert text[f.start:f.end] == f.text
    assert found[0].text == "１１０１０５１９４９１２３１００２Ｘ"


def test_an_id_that_also_passes_luhn_is_an_id_not_a_card():
    # 520102198001011200: ID check Σ = 155, 155 mod 11 = 1 → 0; its Luhn sum is 30, so it passes both.
    assert kinds("520102198001011200") == [("id_card", "520102198001011200")]


def test_it_uses_the_words_it_is_given_instead_of_the_default():
    assert kinds("这份是内部资料，含有项目底价。", words=["项目底价"]) == [("sensitive_word", "项目底价")]
    assert kinds("这份是内部资料", words=[]) == []


def test_it_finds_nothing_in_empty_text():
    assert scan("") == []
