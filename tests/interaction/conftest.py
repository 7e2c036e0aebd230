from __future__ import annotations

import pytest

from gongkai.interaction import services
from gongkai.interaction.models import Message


def message_data(**overrides) -> dict:
    data = {"channel": "mailbox", "subject": "关于科技计划项目申报时间的咨询",
            "body": "请问2027年度省科技计划项目什么时候开始申报？我的电话13800138000。",
            "writer_name": "王小明", "phone": "13800138000", "email": "wang@example.com", "is_public": True}
    data.update(overrides)
    return data


def submit(org, **overrides) -> Message:
    return services.message_submit_public(org=org, data=message_data(**overrides))


@pytest.fixture
def received(org):
    return submit(org)


@pytest.fixture
def answer(clerk, dept_head, supervisor, dept):
    """Takes a received message through 分办 → 拟稿 → 审核 and returns it answered."""
    def run(msg, reply="您好，2027年度项目申报将于3月开始，请关注通知公告。"):
        services.message_assign(message_id=msg.pk, by=supervisor, department=dept)
        services.message_draft(message_id=msg.pk, by=clerk, reply=reply)
        services.message_approve(message_id=msg.pk, by=dept_head)
        msg.refresh_from_db()
        return msg
    return run
