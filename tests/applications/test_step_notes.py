"""The sentences beside the public steps of the tracking page: staff's notes often end with a full
stop already, and the page must never read "…及文号。。请于…"."""
import datetime as dt

import pytest

from gongkai.applications.models import Event
from gongkai.applications.public import clause, step_note

E = Event.Kind


@pytest.mark.parametrize("kind, note, data, expected", [
    (E.CORRECTION_REQUESTED, "请说明所指协议的名称、签订时间或文号。", {"term_on": "2026-03-20"},
     "需要补正的内容：请说明所指协议的名称、签订时间或文号。请于2026年3月20日前提交补正材料，答复期限自收到补正之日起重新计算。"),
    (E.CORRECTION_REQUESTED, "请说明文号", {"term_on": "2026-03-20"},
     "需要补正的内容：请说明文号。请于2026年3月20日前提交补正材料，答复期限自收到补正之日起重新计算。"),
    (E.EXTENDED, "需要调取档案。", {"extended_due_on": "2026-04-10"}, "延期理由：需要调取档案。延长后的答复期限为2026年4月10日。"),
    (E.REPLIED, "作出书面答复。", {"outcome": "disclosed"}, "作出书面答复。办理结果：予以公开。"),
])
def test_a_note_that_ends_with_a_full_stop_gets_one_full_stop(kind, note, data, expected):
    text = step_note(Event(kind=kind, on=dt.date(2026, 3, 1), note=note, data=data))
    assert text == expected and "。。" not in text


def test_clause_drops_only_closing_punctuation():
    assert [clause(t) for t in ("文号。", "文号；", "文号", " 文号。 ", "")] == ["文号", "文号", "文号", "文号", ""]
