"""Nothing unpublished ever reaches the portal: not a draft, not an item under review, not a
withdrawn one, not for the public, not for staff of another agency, not for the agency's own staff
(the portal is the public's view; staff read their drafts in the workbench)."""
import pytest
from django.contrib.auth.models import User

from gongkai.catalog import services as catalog

SECRET = "内部征求意见稿"


@pytest.fixture
def hidden_items(make_item, publish, clerk, supervisor):
    """A draft, an item under review and a withdrawn item, all containing SECRET; and one published."""
    draft = make_item(title=f"{SECRET}：草稿项目")
    in_review = make_item(title=f"{SECRET}：审核中项目")
    catalog.revision_advance(revision_id=in_review.revisions.get().pk, action="submit", by=clerk)
    withdrawn = publish(make_item(title=f"{SECRET}：已撤回项目"))
    catalog.item_withdraw(item_id=withdrawn.pk, by=supervisor, reason="含有不应公开的内容")
    visible = publish(make_item(title="公开的科技项目通知"))
    return [draft, in_review, withdrawn], visible


@pytest.fixture(params=["anonymous", "outsider", "supervisor", "superuser"])
def viewer(request, client, db):
    """The public, staff of another agency, staff of this agency, and a superuser see the same portal."""
    if request.param != "anonymous":
        user = (User.objects.create_superuser("root", password="Gongkai-test-2026") if request.param == "superuser"
                else request.getfixturevalue(request.param))
        client.force_login(user)
    return client


def test_hidden_items_are_absent_from_every_public_page(viewer, hidden_items):
    hidden, visible = hidden_items
    pages = ["/", "/catalog/", "/search/?q=项目", f"/search/?q={SECRET}", "/feed/atom/", "/sitemap-items.xml"]
    for url in pages:
        body = viewer.get(url).content.decode()
        for item in hidden:
            assert item.title not in body, url
            assert not item.index_number or item.index_number not in body, url
    assert "没有找到" in viewer.get(f"/search/?q={SECRET}").content.decode()
    assert visible.title in viewer.get("/catalog/").content.decode()
    assert visible.title in viewer.get("/search/?q=项目").content.decode().replace("<mark>", "").replace("</mark>", "")
    assert "共 1 条公开信息" in viewer.get("/catalog/").content.decode()


def test_a_hidden_item_is_a_404_like_a_missing_one_by_number_and_by_id(viewer, hidden_items):
    hidden, _ = hidden_items
    missing = viewer.get("/items/11520000009390012X/2099-99999/")
    for item in hidden:
        keys = [str(item.pk)] + ([item.index_number] if item.index_number else [])
        for key in keys:
            response = viewer.get(f"/items/{key}/")
            assert response.status_code == 404
            assert response.content == missing.content  # nothing tells a hidden item from a missing one


def test_a_revision_under_review_does_not_replace_what_the_public_sees(client, make_item, publish, clerk):
    item = publish(make_item(title="原标题：科技项目通知"))
    revision = catalog.item_revise(item_id=item.pk, by=clerk)
    catalog.revision_update(revision_id=revision.pk, by=clerk, data={"title": f"{SECRET}：修订中的标题"})
    for url in ("/catalog/", f"/items/{item.index_number}/", "/search/?q=修订中", "/feed/atom/"):
        body = client.get(url).content.decode()
        assert "修订中的标题" not in body, url
    assert "原标题：科技项目通知" in client.get(f"/items/{item.index_number}/").content.decode()
