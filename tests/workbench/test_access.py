"""Who gets into the workbench, and that another agency's staff see nothing of ours (404 as if missing)."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.catalog import services as catalog

from .conftest import client_for, page_text, pdf
from ..conftest import item_data


@pytest.fixture
def attached(draft, clerk):
    rev = draft.revisions.get()
    return catalog.attachment_add(revision_id=rev.pk, by=clerk, name="申报指南.pdf", content=pdf().read())


def test_anonymous_visitors_are_sent_to_the_login_page(draft, attached):
    client = Client()
    rev = draft.revisions.get()
    for url in (reverse("workbench:home"), reverse("workbench:items"), reverse("workbench:item_new"),
                reverse("workbench:item", args=[draft.pk]), reverse("workbench:revision_edit", args=[rev.pk]),
                reverse("workbench:attachment", args=[attached.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("workbench:login")), url
    response = client.post(reverse("workbench:revision_advance", args=[rev.pk]), {"action": "publish"})
    assert response.status_code == 302 and response.url.startswith(reverse("workbench:login"))


def test_staff_log_in_and_out_with_chinese_pages(clerk):
    client = Client()
    login = page_text(client.get(reverse("workbench:login")))
    assert "登录工作台" in login and 'lang="zh-CN"' in login
    bad = page_text(client.post(reverse("workbench:login"), {"username": "clerk", "password": "wrong"}))
    assert "用户名" in bad and "密码" in bad and 'role="alert"' in bad
    response = client.post(reverse("workbench:login"), {"username": "clerk", "password": "Gongkai-test-2026"})
    assert response.url == reverse("workbench:home")
    assert "我的待办" in page_text(client.get(reverse("workbench:home")))
    assert client.get(reverse("workbench:logout")).status_code == 405  # logging out is a POST (CSRF-safe)
    client.post(reverse("workbench:logout"))
    assert client.get(reverse("workbench:home")).status_code == 302


def test_a_user_without_any_role_is_told_so(db):
    user = User.objects.create_user("nobody", password="Gongkai-test-2026")
    response = client_for(user).get(reverse("workbench:home"))
    assert response.status_code == 403 and "尚未分配岗位" in page_text(response)


def test_another_agencys_staff_get_404_for_our_items_revisions_and_attachments(as_outsider, draft, attached, publish):
    rev = draft.revisions.get()
    for url in (reverse("workbench:item", args=[draft.pk]), reverse("workbench:revision_edit", args=[rev.pk]),
                reverse("workbench:attachment", args=[attached.pk])):
        assert as_outsider.get(url).status_code == 404, url
    for url, data in ((reverse("workbench:revision_advance", args=[rev.pk]), {"action": "submit"}),
                      (reverse("workbench:item_withdraw", args=[draft.pk]), {"reason": "x"}),
                      (reverse("workbench:item_revise", args=[draft.pk]), {})):
        assert as_outsider.post(url, data).status_code == 404, url
    missing = reverse("workbench:item", args=[draft.pk + 1000])
    assert as_outsider.get(missing).status_code == 404
    # Even once it is published, the other agency's workbench does not list or open it.
    publish(draft)
    assert as_outsider.get(reverse("workbench:item", args=[draft.pk])).status_code == 404
    assert draft.title not in page_text(as_outsider.get(reverse("workbench:items")))


def test_the_items_list_shows_only_the_users_own_agency(as_clerk, as_outsider, draft, other_org, outsider):
    theirs = catalog.item_create_draft(org=other_org, by=outsider, data=item_data(title="教育厅内部草稿"))
    ours = page_text(as_clerk.get(reverse("workbench:items")))
    assert draft.title in ours and theirs.title not in ours
    assert draft.title not in page_text(as_outsider.get(reverse("workbench:items")))
    assert as_clerk.get(reverse("workbench:item", args=[theirs.pk])).status_code == 404


def test_staff_download_attachments_through_the_workbench(as_clerk, as_supervisor, attached):
    response = as_clerk.get(reverse("workbench:attachment", args=[attached.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment;" in response["Content-Disposition"]
    assert as_supervisor.get(reverse("workbench:attachment", args=[attached.pk])).status_code == 200


def test_only_a_clerk_is_offered_and_may_open_the_new_item_page(as_supervisor, as_clerk):
    new_item = f'href="{reverse("workbench:item_new")}"'
    assert new_item in page_text(as_clerk.get(reverse("workbench:home")))
    assert new_item not in page_text(as_supervisor.get(reverse("workbench:home")))
    response = as_supervisor.get(reverse("workbench:item_new"), follow=True)
    assert "只有信息员可以起草" in page_text(response)
