"""Attachments' text from each format, read back from tiny real files."""
from __future__ import annotations

import filetype
import pytest

from gongkai.textguard.extract import OK, REVIEW, extract_text

from . import files


def mime(content: bytes) -> str:
    return filetype.guess(content).mime  # as catalog.attachment_add decides it: from the bytes


def test_it_reads_a_docx_with_its_tables():
    got = extract_text(files.docx(["关于张三的情况说明", "身份证号码11010519491231002X"], [["姓名", "电话"], ["张三", "13812345678"]]),
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert got.status == OK
    assert "身份证号码11010519491231002X" in got.text and "张三\t13812345678" in got.text


def test_it_reads_an_xlsx_sheet_by_sheet():
    content = files.xlsx([["姓名", "银行卡号"], ["李四", "6222021234567890128"], ["合计", 2]])
    got = extract_text(content, mime(content))
    assert got.status == OK
    assert got.text.splitlines() == ["名单", "姓名\t银行卡号", "李四\t6222021234567890128", "合计\t2"]


def test_it_reads_a_pptx_slides_text():
    content = files.pptx(["项目负责人手机13812345678", "机密★1年"])
    got = extract_text(content, mime(content))
    assert got.status == OK and "项目负责人手机13812345678" in got.text and "机密★1年" in got.text


def test_it_reads_a_pdf_text_layer_page_by_page():
    content = files.pdf(["第一页：申请人张三", "身份证11010519491231002X"], ["第二页：注意保密"])
    got = extract_text(content, mime(content))
    assert got.status == OK and got.note == ""
    first, second = got.text.split("\f")
    assert "身份证11010519491231002X" in first and "第二页：注意保密" in second


def test_a_scanned_pdf_is_flagged_for_a_person_to_read_not_passed():
    content = files.scanned_pdf(pages=2)
    got = extract_text(content, mime(content))
    assert got.status == REVIEW and "没有文字层" in got.note and "人工审查" in got.note


def test_a_pdf_with_one_scanned_page_names_that_page():
    from pypdf import PdfReader, PdfWriter
    import io

    writer = PdfWriter()
    for source in (files.pdf(["正文第一页的文字内容"]), files.scanned_pdf()):
        writer.add_page(PdfReader(io.BytesIO(source)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    got = extract_text(out.getvalue(), "application/pdf")
    assert got.status == REVIEW and "第2页没有文字层" in got.note and "正文第一页" in got.text


@pytest.mark.parametrize("content, content_type, note", [
    (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png", "图片"),
    (b"%PDF-1.4 not really a pdf", "application/pdf", "无法读取"),
])
def test_images_and_damaged_files_are_flagged_too(content, content_type, note):
    got = extract_text(content, content_type)
    assert got.status == REVIEW and note in got.note
