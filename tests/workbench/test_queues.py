""""My queues": each person sees what waits for them, and lists cost the same queries at any size."""
from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog import services as catalog
from gongkai.orgs.models import Department, Membership, Role

from .conftest import client_for, page_text
from ..conftest import _user, item_data


def queue(page: str, key: str) -> str:
    """The HTML of one queue section of the home page."""
    match = re.search(rf'<section[^>]*data-queue="{key}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def count_of(section: str) -> int:
    return int(re.search(r'class="wb-count"[^>]*>(\d+)<', section).group(1))


def test_each_role_sees_its_own_queue(org, dept, clerk, dept_head, supervisor, topic, as_clerk, as_head, as_supervisor):
    def new(title, department=dept):
        return catalog.item_create_draft(org=org, by=clerk, data=item_data(title=title, dept=department, topic=topic))

    def step(item, *actions):
        rev = item.revisions.get()
        who = {"submit": clerk, "dept_approve": dept_head, "secrecy_approve": supervisor, "dept_return": dept_head}
        for action in actions:
            catalog.revision_advance(revision_id=rev.pk, action=action, by=who[action], comment="请核对文号")

    new("草稿甲")
    step(new("待签字乙"), "submit")
    step(new("退回丙"), "submit", "dept_return")
    step(new("待保密审查丁"), "submit", "dept_approve")
    step(new("待发布戊"), "submit", "dept_approve", "secrecy_approve")
    Membership.objects.create(user=clerk, org=org, department=Department.objects.create(org=org, name="办公室"),
                              role=Role.CLERK)
    step(new("别处室的稿件", Department.objects.get(name="办公室")), "submit")

    clerk_home = page_text(as_clerk.get(reverse("workbench:home")))
    assert "草稿甲" in queue(clerk_home, "drafts") and count_of(queue(clerk_home, "drafts")) == 1
    returned = queue(clerk_home, "returned")
    assert "退回丙" in returned and "请核对文号" in returned
    assert "待发布戊" in queue(clerk_home, "approved") and count_of(queue(clerk_home, "approved")) == 1
    assert not queue(clerk_home, "dept_review") and not queue(clerk_home, "secrecy_review")

    head_home = page_text(as_head.get(reverse("workbench:home")))
    mine = queue(head_home, "dept_review")
    assert "待签字乙" in mine and "别处室的稿件" not in mine and count_of(mine) == 1  # only their 处室
    assert not queue(head_home, "drafts")

    sup_home = page_text(as_supervisor.get(reverse("workbench:home")))
    secrecy = queue(sup_home, "secrecy_review")
    assert "待保密审查丁" in secrecy and count_of(secrecy) == 1 and "待签字乙" not in secrecy


def test_a_queue_lists_newest_first(org, dept, clerk, topic, as_clerk):
    for title in ("第一份草稿", "第二份草稿", "第三份草稿"):
        catalog.item_create_draft(org=org, by=clerk, data=item_data(title=title, dept=dept, topic=topic))
    drafts = queue(page_text(as_clerk.get(reverse("workbench:home"))), "drafts")
    assert drafts.index("第三份草稿") < drafts.index("第二份草稿") < drafts.index("第一份草稿")


def test_another_agencys_drafts_never_appear_in_our_queues(org, dept, clerk, other_org, outsider, as_clerk):
    catalog.item_create_draft(org=other_org, by=outsider, data=item_data(title="教育厅的草稿"))
    supervisor_of_both = _user("both", (org, None, Role.SUPERVISOR))
    assert "教育厅的草稿" not in page_text(client_for(supervisor_of_both).get(reverse("workbench:home")))
    assert "教育厅的草稿" not in page_text(as_clerk.get(reverse("workbench:home")))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_items_list_and_home_do_not_issue_more_queries_as_rows_grow(org, dept, clerk, topic, as_clerk, settings):
    settings.GONGKAI_PAGE_SIZE = 50

    def add(n):
        for i in range(n):
            item = catalog.item_create_draft(org=org, by=clerk, data=item_data(title=f"条目{i}", dept=dept, topic=topic))
            catalog.revision_advance(revision_id=item.revisions.get().pk, action="submit", by=clerk)

    add(2)
    few = {url: _queries(as_clerk, url) for url in (reverse("workbench:items"), reverse("workbench:home"))}
    add(30)
    many = {url: _queries(as_clerk, url) for url in few}
    assert many == few
    assert "条目29" in page_text(as_clerk.get(reverse("workbench:items")))


def test_the_items_list_filters_by_status_and_stage_and_pages(org, dept, clerk, topic, as_clerk, publish, settings):
    settings.GONGKAI_PAGE_SIZE = 2
    published = publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(title="已发布的通知", dept=dept)))
    for title in ("草稿一", "草稿二"):
        catalog.item_create_draft(org=org, by=clerk, data=item_data(title=title, dept=dept))
    url = reverse("workbench:items")
    only_published = page_text(as_clerk.get(url, {"status": "published"}))
    assert "已发布的通知" in only_published and "草稿一" not in only_published
    assert published.index_number in only_published
    drafts = page_text(as_clerk.get(url, {"stage": "draft"}))
    assert "草稿一" in drafts and "草稿二" in drafts and "已发布的通知" not in drafts
    first = page_text(as_clerk.get(url))
    assert "第 1 / 2 页" in first and "page=2" in first
    second = page_text(as_clerk.get(url, {"page": 2}))
    assert "已发布的通知" in second  # the oldest change comes last


def test_the_item_page_costs_the_same_queries_however_long_its_history(draft, clerk, dept_head, as_clerk, dept):
    rev = draft.revisions.get()
    url = reverse("workbench:item", args=[draft.pk])
    short = _queries(as_clerk, url)
    for i in range(5):  # five rounds of submit and return, each with its comment
        catalog.revision_advance(revision_id=rev.pk, action="submit", by=clerk)
        catalog.revision_advance(revision_id=rev.pk, action="dept_return", by=dept_head, comment=f"第{i}次退回")
        catalog.revision_update(revision_id=rev.pk, by=clerk, data={"title": f"修改稿{i}"})
    assert _queries(as_clerk, url) == short
    assert "第4次退回" in page_text(as_clerk.get(url))
