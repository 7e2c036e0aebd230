"""`gongkai import suggestions FILE --org CODE` as import-format.md says: all or nothing, every bad row
named, Chinese headers, update by number, exit 2 on bad rows, result not published before the reply."""
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from gongkai.core.cli import BadInput

from gongkai.consultation.models import Suggestion


def _run(path, org="gzsti"):
    """(exit status, standard output, the error line) of `gongkai import suggestions PATH --org ORG`."""
    out = io.StringIO()
    try:
        call_command("import", "suggestions", str(path), "--org", org, stdout=out)
    except BadInput as e:
        return e.returncode, out.getvalue(), str(e)
    return 0, out.getvalue(), ""


def test_it_imports_with_chinese_headers_and_updates_by_number(org, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("编号,类别,标题,领衔人,答复日期,办理结果公开日期,办理结果摘要\n"
                 "人大第1号,人大代表建议,关于科技金融的建议,李四,2025-05-10,2025-05-20,已采纳\n"
                 "政协第2号,member,关于人才引进的提案,,2025-06-01,,\n"
                 "政协第3号,member,关于数据开放的提案,,,,\n", encoding="utf-8-sig")
    code, out, err = _run(f)
    assert code == 0, err
    assert json.loads(out) == {"created": 3, "updated": 0}
    first = Suggestion.objects.get(number="人大第1号")
    assert first.kind == "deputy" and first.status == "published" and first.proposer == "李四"
    assert Suggestion.objects.get(number="政协第2号").status == "replied"
    assert Suggestion.objects.get(number="政协第3号").status == "registered"
    f.write_text("number,kind,title,result_published_on\n政协第2号,member,关于人才引进的提案（修改）,2025-06-10\n", encoding="utf-8")
    code, out, err = _run(f)
    assert code == 0, err and json.loads(out) == {"created": 0, "updated": 1}
    second = Suggestion.objects.get(number="政协第2号")
    assert second.title.endswith("（修改）") and second.status == "published" and str(second.replied_on) == "2025-06-01"


def test_it_names_every_bad_row_and_writes_nothing(org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "类别", "标题", "答复日期", "办理结果公开日期"])
    sheet.append(["好的第1号", "deputy", "一条好的", "2025-03-01", "2025-03-05"])
    sheet.append(["坏的第2号", "council", "类别不对", "", ""])
    sheet.append(["坏的第3号", "member", "公开早于答复", "2025-03-10", "2025-03-09"])
    sheet.append(["好的第1号", "member", "编号重复", "", ""])
    sheet.append(["", "member", "", "2025-13-01", ""])
    f = tmp_path / "s.xlsx"
    book.save(f)
    code, out, err = _run(f)
    assert code == 2 and out == ""
    assert "第3行" in err and "council" in err
    assert "第4行" in err and "早于答复日期" in err
    assert "第5行" in err and "重复" in err
    assert "第6行" in err and "编号不能为空" in err and "标题不能为空" in err and "2025-13-01" in err
    assert "\n第2行" not in err
    assert not Suggestion.objects.exists()


def test_it_refuses_an_update_that_would_publish_before_the_reply(org, tmp_path):
    Suggestion.objects.create(org=org, number="人大第9号", kind="deputy", title="t", replied_on="2025-05-10", status="replied")
    f = tmp_path / "s.csv"
    f.write_text("编号,类别,标题,办理结果公开日期\n人大第9号,deputy,t,2025-05-01\n", encoding="utf-8")
    code, _, err = _run(f)
    assert code == 2 and "早于答复日期" in err
    assert Suggestion.objects.get().result_published_on is None


@pytest.mark.parametrize("content, message", [
    ("编号,类别,标题,备注\n1,deputy,t,x\n", "不是可识别的列名"),
    ("编号,标题\n1,t\n", "缺少必填列"),
])
def test_it_refuses_unknown_and_missing_columns(org, tmp_path, content, message):
    f = tmp_path / "s.csv"
    f.write_text(content, encoding="utf-8")
    code, _, err = _run(f)
    assert code == 2 and message in err


def test_it_refuses_an_unknown_agency(db, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("编号,类别,标题\n1,deputy,t\n", encoding="utf-8")
    code, _, err = _run(f, org="nowhere")
    assert code == 2 and "nowhere" in err
