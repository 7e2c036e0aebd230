"""The review chain: 处室负责人签字 → 公开主管保密审查 → 信息员发布, and the steps it refuses."""
import pytest
from django.test import override_settings

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Revision
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.orgs.models import Membership, Role
from gongkai.search.selectors import search_items

from ..conftest import item_data


def test_it_publishes_after_both_sign_offs_and_records_every_step(draft, clerk, dept_head, supervisor, publish):
    item = publish(draft)
    assert item.status == Item.Status.PUBLISHED
    assert item.index_number == "11520000009390012X/2026-00001"
    steps = list(item.steps.values_list("action", "actor__username"))
    assert steps == [("create", "clerk"), ("submit", "clerk"), ("dept_approve", "head"),
                     ("secrecy_approve", "supervisor"), ("publish", "clerk")]
    assert search_items("专利").ids == [item.pk]


def test_it_refuses_to_publish_an_unreviewed_draft(draft, clerk):
    rev = draft.revisions.get()
    with pytest.raises(IllegalTransition, match="尚未通过"):
        catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
    with pytest.raises(IllegalTransition):
        catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=clerk)
    draft.refresh_from_db()
    assert draft.status == Item.Status.UNPUBLISHED and search_items("专利").count == 0


def test_it_refuses_a_step_by_someone_without_the_role(draft, clerk, outsider, supervisor):
    rev = draft.revisions.get()
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
    for who in (clerk, outsider, supervisor):  # only the 处室负责人 of that department signs first
        with pytest.raises(NotAllowed):
            catalog.revision_advance(revision_id=rev.pk, action="dept_approve", by=who)


def test_it_refuses_self_approval_unless_settings_allow_it(org, dept, clerk, dept_head, supervisor, topic):
    Membership.objects.create(user=clerk, org=org, department=dept, role=Role.DEPT_HEAD)
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))
    rev = item.revisions.get()
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
    with pytest.raises(NotAllowed, match="自己起草"):
        catalog.revision_advance(revision_id=rev.pk, action="dept_approve", by=clerk)
    with override_settings(GONGKAI_ALLOW_SELF_APPROVAL=True):
        catalog.revision_advance(revision_id=rev.pk, action="dept_approve", by=clerk)
    assert Revision.objects.get(pk=rev.pk).status == "secrecy_review"


def test_a_return_needs_a_reason_and_sends_the_draft_back(draft, clerk, dept_head):
    rev = draft.revisions.get()
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
    with pytest.raises(InvalidInput, match="理由"):
        catalog.revision_advance(revision_id=rev.pk, action="dept_return", by=dept_head)
    catalog.revision_advance(revision_id=rev.pk, action="dept_return", by=dept_head, comment="请补充申报时间")
    rev.refresh_from_db()
    assert rev.status == "returned"
    assert draft.steps.last().comment == "请补充申报时间"
    catalog.revision_update(revision_id=rev.pk, by=clerk, data={"title": "关于组织申报项目的通知（修改）"})
    catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)


def test_withdrawal_takes_the_item_off_search_but_keeps_record_and_number(draft, supervisor, publish):
    item = publish(draft)
    number = item.index_number
    catalog.item_withdraw(item_id=item.pk, by=supervisor, reason="内容有误")
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN and item.index_number == number
    assert search_items("专利").count == 0


def test_a_revision_goes_through_the_chain_while_the_public_keeps_the_published_copy(draft, clerk, dept_head, supervisor, publish):
    item = publish(draft)
    rev2 = catalog.item_revise(item_id=item.pk, by=clerk)
    catalog.revision_update(revision_id=rev2.pk, by=clerk, data={"title": "关于组织申报项目的补充通知"})
    item.refresh_from_db()
    assert item.title == "关于组织申报2026年度省科技计划项目的通知"
    for action, by in (("submit", clerk), ("dept_approve", dept_head), ("secrecy_approve", supervisor), ("publish", clerk)):
        catalog.revision_advance(revision_id=rev2.pk, action=action, by=by)
    item.refresh_from_db()
    assert item.title == "关于组织申报项目的补充通知"
    assert item.index_number.endswith("-00001")  # a revision keeps its number
    assert Revision.objects.get(item=item, number=1).status == "superseded"


def test_rich_text_is_sanitised(org, dept, clerk):
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(
        dept=dept, body='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>'))
    body = item.revisions.get().body
    assert "script" not in body and "onclick" not in body and "javascript" not in body
    assert "正文" in body


def test_index_numbers_are_never_reused(org, dept, clerk, supervisor, publish, topic):
    first = publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic)))
    catalog.item_withdraw(item_id=first.pk, by=supervisor, reason="重复发布")
    second = publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, title="另一条通知")))
    assert second.index_number.endswith("-00002")
