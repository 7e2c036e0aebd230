"""The reply (第三十六条): drafted by staff, approved by the 公开主管, a formal letter in DOCX and
PDF, and what the applicant sees on the tracking page."""
import datetime as dt
import io

import pytest
from docx import Document as Docx

from gongkai.applications import services
from gongkai.applications.models import Document
from gongkai.applications.selectors import application_track, public_events
from gongkai.core.errors import InvalidInput, NotAllowed

D = dt.date.fromisoformat


def test_an_approved_reply_closes_the_case_with_a_letter_in_docx_and_pdf(register, clerk, supervisor, org):
    app = register("2026-09-24")
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="disclosed", reply_text="现将立项清单提供给您，见附件。")
    assert "第三十六条" in decision.legal_basis
    with pytest.raises(NotAllowed):
        services.decision_approve(decision_id=decision.pk, by=clerk)
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=D("2026-10-20"))
    app.refresh_from_db()
    assert (app.status, app.outcome, app.closed_on) == ("closed", "disclosed", D("2026-10-20"))
    letters = {d.name.rsplit(".", 1)[1]: d for d in app.documents.filter(kind=Document.Kind.LETTER)}
    assert set(letters) == {"docx", "pdf"} and all(d.public for d in letters.values())
    text = "\n".join(p.text for p in Docx(io.BytesIO(letters["docx"].file.read())).paragraphs)
    for expected in (org.name, app.number, "2026年9月24日", "行政复议", "行政诉讼", "现将立项清单提供给您"):
        assert expected in text
    assert letters["pdf"].file.open("rb").read(5) == b"%PDF-"


def test_a_partial_disclosure_needs_the_redacted_material(register, clerk, supervisor):
    app = register("2026-09-24")
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="partially_disclosed", reply_text="部分公开。")
    with pytest.raises(InvalidInput, match="区分处理"):
        services.decision_approve(decision_id=decision.pk, by=supervisor)
    services.document_add(app=app, kind=Document.Kind.REDACTED, name="立项清单（删除个人信息）.pdf",
                          content=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", public=True)
    services.decision_approve(decision_id=decision.pk, by=supervisor)


def test_a_returned_draft_goes_back_to_the_handler(register, clerk, supervisor):
    app = register("2026-09-24")
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="unavailable_not_held", reply_text="经检索未找到。")
    with pytest.raises(InvalidInput):
        services.decision_return(decision_id=decision.pk, by=supervisor, comment="")
    services.decision_return(decision_id=decision.pk, by=supervisor, comment="请写明检索范围")
    app.refresh_from_db()
    assert app.status == "registered"


def test_an_unknown_outcome_code_is_refused(register, clerk):
    app = register("2026-09-24")
    with pytest.raises(InvalidInput, match="未知"):
        services.decision_draft(app_id=app.pk, by=clerk, outcome="maybe", reply_text="……")


def test_the_tracking_page_needs_the_right_query_code_and_shows_no_personal_data(register, clerk, supervisor):
    app = register("2026-09-24")
    assert application_track(app.number, "WRONG123") is None
    assert application_track("2026-99999", app.query_code) is None
    assert application_track(app.number, app.query_code.lower()) == app
    services.personal_data_reveal(app_id=app.pk, by=clerk)
    kinds = [e.kind for e in public_events(app)]
    assert kinds == ["received"]  # the staff's look at personal data is recorded but not public
    assert app.events.filter(kind="personal_data_viewed", by=clerk).exists()


def test_another_agencys_staff_cannot_see_personal_data(register, outsider):
    app = register("2026-09-24")
    with pytest.raises(NotAllowed):
        services.personal_data_reveal(app_id=app.pk, by=outsider)


def test_a_similar_application_from_the_same_person_is_flagged_never_refused(register):
    first = register("2026-09-01")
    again = register("2026-09-24", subject="2025年度省科技计划项目立项清单（全部）")
    other = register("2026-09-25", subject="省科技厅机关车辆购置经费", id_number="520102198001011235")
    assert again.flag_possible_repeat_id == first.pk
    assert other.flag_possible_repeat_id is None


def test_many_applications_in_a_month_are_flagged_as_possibly_excessive(register, settings):
    settings.GONGKAI_EXCESSIVE_MONTHLY_COUNT = 3
    apps = [register(f"2026-09-{day:02d}", subject=f"第{day}号文件") for day in (1, 2, 3)]
    assert [a.flag_excessive for a in apps] == [False, False, True]
