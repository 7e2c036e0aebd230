"""`gongkai import messages FILE --org CODE` (import-format.md, "messages"): all or nothing, every
bad row named with its line, the Chinese header accepted, a number already there updated."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from gongkai.interaction import selectors, services
from gongkai.interaction.models import Channel, Message

from .conftest import submit

pytestmark = pytest.mark.django_db
HEADER = ["number", "channel", "received_on", "subject", "body", "writer", "is_public", "department", "replied_on", "reply"]


def write_csv(path, rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path, org="gzsti") -> dict:
    out = io.StringIO()
    call_command("import", "messages", str(path), "--org", org, stdout=out)
    return json.loads(out.getvalue())


def refused(path) -> list[str]:
    with pytest.raises(CommandError) as error:
        run(path)
    assert error.value.returncode == 2
    return str(error.value).splitlines()


def test_it_imports_answered_and_open_messages_from_an_xlsx_with_chinese_headers(org, dept, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "渠道", "收到日期", "标题", "内容", "留言人", "是否公开", "承办处室", "答复日期", "答复内容"])
    sheet.append(["LY2025-001", "厅长信箱", dt.date(2025, 12, 30), "科技特派员补助何时发放", "请问……", "张某", "1", dept.name,
                  dt.date(2026, 1, 6), "已于1月发放。"])
    sheet.append(["LY2025-002", "message_board", "2025-12-31", "专利资助申请", "", "", "0", "", "", ""])
    path = tmp_path / "messages.xlsx"
    book.save(path)
    load_workbook(path)  # a real XLSX file, read back
    assert run(path) == {"created": 2, "updated": 0}
    a, b = Message.objects.order_by("number")
    assert (a.channel, a.status, a.replied_on, a.department, a.writer_name) == ("mailbox", "replied", dt.date(2026, 1, 6), dept, "张某")
    assert (b.channel, b.status, b.is_public, b.replied_on) == ("message_board", "received", False, None)
    assert not a.is_published  # history is published by staff after reading it (decision 0012)
    # Received Tue 30 Dec; 5 working days: Wed 31, (1–3 Jan off) Sun 4 (调休上班), Mon 5, Tue 6, Wed 7.
    assert a.due_on == dt.date(2026, 1, 7)


def test_it_names_every_bad_row_and_writes_nothing(org, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        HEADER,
        ["X-1", "mailbox", "2025-03-01", "好的一行", "", "", "", "", "", ""],
        ["", "fax", "2025-13-01", "", "", "", "2", "不存在的处", "", "有答复没日期"],
        ["X-1", "mailbox", "2025-03-02", "编号重复", "", "", "", "", "2025-03-01", ""],
    ])
    lines = refused(path)
    assert lines[0] == "导入失败：2 行有误，未写入任何数据"
    assert "第3行：编号不能为空" in lines
    assert any(line.startswith("第3行：渠道“fax”不是本机关的留言渠道") for line in lines)
    assert "第3行：收到日期“2025-13-01”不是有效日期，应写成 YYYY-MM-DD（如 2025-03-01）" in lines
    assert "第3行：标题不能为空" in lines and "第3行：是否公开“2”应填 1（公开）或 0（不公开）" in lines
    assert "第3行：承办处室“不存在的处”不是本机关的处室（请填写处室名称）" in lines
    assert "第3行：填写了答复内容，但答复日期为空" in lines
    assert "第4行：编号 X-1 与第2行重复" in lines
    assert "第4行：填写了答复日期，但答复内容为空" in lines and "第4行：答复日期 2025-03-01 早于收到日期 2025-03-02" in lines
    assert Message.objects.count() == 0


def test_it_refuses_an_unknown_column(org, tmp_path):
    path = write_csv(tmp_path / "x.csv", [[*HEADER, "电话"], ["A", "mailbox", "2025-01-02", "t", "", "", "", "", "", "", "1"]])
    assert "不是可识别的列名" in refused(path)[0]


def test_a_number_already_there_is_updated_and_the_agency_s_own_channel_accepted(org, tmp_path):
    Channel.objects.create(org=org, code="hotline", name="12345热线转办", is_open=False)
    first = write_csv(tmp_path / "a.csv", [HEADER, ["A-1", "hotline", "2025-05-06", "初次导入", "", "", "", "", "", ""]])
    assert run(first) == {"created": 1, "updated": 0}
    again = write_csv(tmp_path / "b.csv", [HEADER, ["A-1", "12345热线转办", "2025-05-06", "更正后的标题", "", "", "", "", "2025-05-08", "已答复"]])
    assert run(again) == {"created": 0, "updated": 1}
    msg = Message.objects.get()
    assert (msg.subject, msg.channel, msg.status) == ("更正后的标题", "hotline", "replied")


def test_it_never_overwrites_a_message_written_on_the_portal_or_already_published(org, tmp_path, answer, clerk):
    online = submit(org)
    imported = write_csv(tmp_path / "a.csv", [HEADER, ["H-1", "mailbox", "2025-05-06", "历史", "", "", "", "", "2025-05-07", "答复"]])
    run(imported)
    services.message_publish(message_id=Message.objects.get(number="H-1").pk, by=clerk)
    path = write_csv(tmp_path / "b.csv", [HEADER, [online.number, "mailbox", "2025-05-06", "覆盖", "", "", "", "", "", ""],
                                          ["H-1", "mailbox", "2025-05-06", "覆盖", "", "", "", "", "", ""]])
    lines = refused(path)
    assert any("网民在网站上提交的" in line for line in lines) and any("已在网站公开" in line for line in lines)
    assert selectors.published_messages().get().subject == "历史"
