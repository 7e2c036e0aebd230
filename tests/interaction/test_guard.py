"""The confidentiality guard before a message's reply is given and published: a secret mark or an
ID number in the reply stops the approval unless a written reason is given (audited)."""
import pytest

from gongkai.audit.models import AuditEntry
from gongkai.core.errors import InvalidInput
from gongkai.interaction import services

from .conftest import submit


def test_an_id_number_in_the_reply_stops_the_approval(org, dept, clerk, dept_head, supervisor):
    msg = submit(org)
    services.message_assign(message_id=msg.pk, by=supervisor, department=dept)
    services.message_draft(message_id=msg.pk, by=clerk, reply="经查，您的项目负责人11010519491231002X已登记。")
    with pytest.raises(InvalidInput, match="答复中的身份证号码"):
        services.message_approve(message_id=msg.pk, by=dept_head)
    msg.refresh_from_db()
    assert not msg.is_published
    services.message_approve(message_id=msg.pk, by=dept_head, guard_reason="留言人本人的号码，经其同意答复中引用")
    assert AuditEntry.objects.filter(action="message.reply.guard_override").exists()


def test_a_reply_with_a_secret_mark_is_refused_but_national_secret_in_running_text_is_not(org, dept, clerk, dept_head, supervisor, answer):
    msg = submit(org)
    services.message_assign(message_id=msg.pk, by=supervisor, department=dept)
    services.message_draft(message_id=msg.pk, by=clerk, reply="秘密★\n该事项的处理意见另行通知。")
    with pytest.raises(InvalidInput, match="密级标志"):
        services.message_approve(message_id=msg.pk, by=dept_head)
    other = answer(submit(org), reply="属于国家秘密的信息依法不予公开，其余信息请见通知公告。")
    assert other.status == "replied"
