"""The review chain driven through the workbench pages: draft → 处室负责人签字 → 公开主管保密审查 → 发布."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Revision
from gongkai.orgs.models import Membership, Role
from gongkai.search.selectors import search_items

from .conftest import advance, form_data, page_text, pdf
from ..conftest import item_data


def test_it_takes_a_draft_through_the_whole_chain_to_publication(as_clerk, as_head, as_supervisor, dept, topic):
    response = as_clerk.post(reverse("workbench:item_new"),
                             {**form_data(dept, topic), "attachments": [pdf()]}, follow=True)
    assert "草稿已保存" in page_text(response)
    item = Item.objects.get()
    rev = item.revisions.get()
    assert rev.attachments.get().name == "申报指南.pdf"
    assert item.status == Item.Status.UNPUBLISHED and search_items("专利").count == 0

    assert "已提交" in page_text(advance(as_clerk, rev, "submit"))
    assert "已签字同意" in page_text(advance(as_head, rev, "dept_approve", comment="同意公开"))
    assert "保密审查已通过" in page_text(advance(as_supervisor, rev, "secrecy_approve"))
    page = page_text(advance(as_clerk, rev, "publish"))

    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.index_number == "11520000009390012X/2026-00001"
    assert search_items("专利").ids == [item.pk]
    # The history on the item page: who, what, the comment, in Beijing time.
    assert "已发布" in page and item.index_number in page
    for text in ("起草", "提交审核", "处室负责人签字同意", "同意公开", "公开主管保密审查通过", "发布", "head", "supervisor"):
        assert text in page
    step = item.steps.get(action="dept_approve")
    beijing = step.at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert beijing in page


def test_it_refuses_to_publish_an_unreviewed_draft_and_says_why(as_clerk, draft):
    rev = draft.revisions.get()
    page = page_text(advance(as_clerk, rev, "publish"))
    assert "尚未通过处室负责人签字和公开主管保密审查，不能发布" in page
    assert Revision.objects.get(pk=rev.pk).status == "draft"


def test_it_refuses_a_step_by_someone_without_the_role(as_clerk, as_supervisor, draft):
    rev = draft.revisions.get()
    advance(as_clerk, rev, "submit")
    page = page_text(advance(as_clerk, rev, "dept_approve"))
    assert "您不是本处室的处室负责人" in page
    page = page_text(advance(as_supervisor, rev, "secrecy_approve"))
    assert "尚未经处室负责人签字" in page
    assert Revision.objects.get(pk=rev.pk).status == "dept_review"


def test_a_return_needs_a_reason_and_the_clerk_sees_it_in_the_queue(as_clerk, as_head, draft):
    rev = draft.revisions.get()
    advance(as_clerk, rev, "submit")
    assert "退回时请写明退回理由" in page_text(advance(as_head, rev, "dept_return"))
    advance(as_head, rev, "dept_return", comment="请补充申报截止时间")
    assert Revision.objects.get(pk=rev.pk).status == "returned"
    home = page_text(as_clerk.get(reverse("workbench:home")))
    assert "退回意见：请补充申报截止时间" in home


def test_the_item_page_offers_only_the_steps_the_user_may_take(as_clerk, as_head, as_supervisor, draft):
    rev = draft.revisions.get()
    url = reverse("workbench:item", args=[draft.pk])
    clerk_page = page_text(as_clerk.get(url))
    assert "提交审核" in clerk_page and "修改稿件" in clerk_page and "签字同意" not in clerk_page
    assert "签字同意" not in page_text(as_head.get(url))  # not yet submitted
    advance(as_clerk, rev, "submit")
    head_page = page_text(as_head.get(url))
    assert 'value="dept_approve"' in head_page and 'value="dept_return"' in head_page
    assert 'value="publish"' not in head_page
    assert 'value="secrecy_approve"' not in page_text(as_supervisor.get(url))
    clerk_page = page_text(as_clerk.get(url))
    assert 'value="submit"' not in clerk_page and "修改稿件" not in clerk_page


def test_an_author_holding_both_roles_gets_no_approve_button_and_is_refused(org, dept, clerk, topic, as_clerk):
    Membership.objects.create(user=clerk, org=org, department=dept, role=Role.DEPT_HEAD)
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))
    rev = item.revisions.get()
    advance(as_clerk, rev, "submit")
    page = page_text(as_clerk.get(reverse("workbench:item", args=[item.pk])))
    assert 'value="dept_approve"' not in page and 'value="dept_return"' in page
    assert "不能审核自己起草的稿件" in page_text(advance(as_clerk, rev, "dept_approve"))


def test_a_published_item_can_be_revised_while_the_public_keeps_the_old_copy(as_clerk, as_head, as_supervisor,
                                                                             draft, publish, dept, topic):
    item = publish(draft)
    response = as_clerk.post(reverse("workbench:item_revise", args=[item.pk]))
    rev2 = item.revisions.get(number=2)
    assert response.url == reverse("workbench:revision_edit", args=[rev2.pk])
    as_clerk.post(reverse("workbench:revision_edit", args=[rev2.pk]), form_data(dept, topic, title="关于申报项目的补充通知"))
    item.refresh_from_db()
    assert item.title == "关于组织申报2026年度省科技计划项目的通知"
    page = page_text(as_clerk.get(reverse("workbench:item", args=[item.pk])))
    assert "修订稿" in page and "现行公开版本" in page and "关于申报项目的补充通知" in page
    for client, action in ((as_clerk, "submit"), (as_head, "dept_approve"), (as_supervisor, "secrecy_approve"),
                           (as_clerk, "publish")):
        advance(client, rev2, action)
    item.refresh_from_db()
    assert item.title == "关于申报项目的补充通知" and item.index_number.endswith("-00001")


def test_only_the_supervisor_withdraws_and_must_give_a_reason(as_clerk, as_supervisor, draft, publish):
    item = publish(draft)
    url = reverse("workbench:item_withdraw", args=[item.pk])
    assert "只有公开主管可以撤回" in page_text(as_clerk.post(url, {"reason": "内容有误"}, follow=True))
    assert "撤回时请写明理由" in page_text(as_supervisor.post(url, {"reason": " "}, follow=True))
    assert "已撤回" in page_text(as_supervisor.post(url, {"reason": "内容有误"}, follow=True))
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN and search_items("专利").count == 0
    assert item.steps.last().comment == "内容有误"
