"""Redaction of the published copy: text, HTML and the matches of an organisation's rules."""
from __future__ import annotations

from gongkai.textguard.redaction import Redaction, redact_html, redact_text, rule_matches


def test_it_replaces_every_occurrence_with_blocks_of_the_same_length_or_a_label():
    text = "张三，身份证11010519491231002X；复印件上的11010519491231002X同样删除。电话13812345678。"
    out = redact_text(text, [Redaction("11010519491231002X"), Redaction("13812345678", "label")])
    assert out == "张三，身份证" + "█" * 18 + "；复印件上的" + "█" * 18 + "同样删除。电话［已删除］。"
    assert len(redact_text(text, [Redaction("11010519491231002X")])) == len(text)


def test_a_longer_redaction_is_not_split_by_a_shorter_one_inside_it():
    assert redact_text("张三丰来了", [Redaction("张三"), Redaction("张三丰", "label")]) == "［已删除］来了"


def test_html_keeps_its_tags_and_loses_the_text_in_attributes_too():
    html = '<p>联系<a href="mailto:zs@example.cn" title="zs@example.cn">zs@example.cn</a> &amp; p</p>'
    out = redact_html(html, [Redaction("zs@example.cn"), Redaction("p")])
    assert out == '<p>联系<a href="mailto:█████████████" title="█████████████">█████████████</a> &amp; █</p>'


def test_html_entities_are_matched_as_the_text_people_read():
    assert redact_html("<p>A &amp; B 公司</p>", [Redaction("A & B")]) == "<p>█████ 公司</p>"


def test_rules_give_the_literal_texts_they_match():
    text = "项目编号XM-2026-001与XM-2026-002，联系人王五"
    assert rule_matches(text, r"XM-\d{4}-\d{3}", True) == ["XM-2026-001", "XM-2026-002"]
    assert rule_matches(text, "王五", False) == ["王五"]
    assert rule_matches(text, "赵六", False) == []


def test_a_pdf_is_rebuilt_only_where_a_redacted_text_is_and_refused_where_it_cannot_be_found():
    import pytest

    from gongkai.textguard.redaction import RedactionFailed, redact_pdf

    from .files import pdf, pdf_text

    original = pdf(["第一页无敏感内容"], ["号码13812345678在此"], ["第三页也无"])
    out = redact_pdf(original, [Redaction("13812345678")])
    text = pdf_text(out)
    assert "13812345678" not in text and "第一页无敏感内容" in text and "第三页也无" in text
    assert redact_pdf(original, [Redaction("没有的文字")]) is None
    # The extracted text says page 1 holds it, but it cannot be located there: refuse, do not guess.
    with pytest.raises(RedactionFailed, match="第1页"):
        redact_pdf(original, [Redaction("13812345678")], page_texts=["号码13812345678", "", ""])
