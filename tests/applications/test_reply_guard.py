"""The confidentiality guard reads a reply letter before the 公开主管 approves it: an ID number or a
secret mark stops the approval unless a written reason is given (audited)."""
import pytest

from gongkai.applications import services
from gongkai.applications.models import Document
from gongkai.audit.models import AuditEntry
from gongkai.core.errors import InvalidInput


def test_an_id_number_in_the_reply_stops_the_approval_until_a_reason_is_written(register, clerk, supervisor):
    app = register("2026-09-24")
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="disclosed",
                                       reply_text="经查，第三人李四（身份证号码11010519491231002X）的材料见附件。")
    with pytest.raises(InvalidInput, match="答复正文中的身份证号码“11010519491231002X”"):
        services.decision_approve(decision_id=decision.pk, by=supervisor)
    with pytest.raises(InvalidInput, match="写明理由"):
        services.decision_approve(decision_id=decision.pk, by=supervisor, guard_reason="同意")
    app.refresh_from_db()
    assert app.status != "closed" and not app.documents.filter(kind=Document.Kind.LETTER).exists()
    services.decision_approve(decision_id=decision.pk, by=supervisor, guard_reason="该号码为申请人本人的，经其同意写入")
    entry = AuditEntry.objects.get(action="application.decision.guard_override")
    assert entry.data["kinds"] == ["id_card"] and "11010519491231002X" not in str(entry.data)


def test_a_reply_with_only_a_phone_number_is_approved_as_before(register, clerk, supervisor):
    app = register("2026-09-24")
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="disclosed", reply_text="如有疑问请致电0851-85891234。")
    services.decision_approve(decision_id=decision.pk, by=supervisor)
    app.refresh_from_db()
    assert app.status == "closed"
