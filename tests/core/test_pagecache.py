"""Public pages served from the page cache are never stale (decision 0046): each page is fetched
anonymously until it comes from the cache, changed through the service that staff use, committed,
and fetched again — it must show the change at once. Also: who is served from the cache, and the
conditional GETs (ETag, Last-Modified → 304)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.catalog import services as catalog
from gongkai.core import pagecache
from tests.conftest import item_data, publish_through_chain

# serialized_rollback: the seeded topics and statutory categories are kept for the tests after these.
pytestmark = [pytest.mark.pagecache, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def cached(client: Client, url: str) -> str:
    """The page as an anonymous reader gets it, once it is served from the cache."""
    first = client.get(url)
    assert first.status_code == 200, url
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit", url
    assert again.content == first.content
    return again.content.decode()


def fresh(client: Client, url: str):
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss", f"{url} was served from the cache after a change"
    return response


@pytest.fixture
def people(org, dept, clerk, dept_head, supervisor, topic):
    return dict(org=org, dept=dept, clerk=clerk, dept_head=dept_head, supervisor=supervisor, topic=topic)


def new_item(people, **data):
    item = catalog.item_create_draft(org=people["org"], by=people["clerk"],
                                     data=item_data(dept=people["dept"], topic=people["topic"], **data))
    return publish_through_chain(item, clerk=people["clerk"], dept_head=people["dept_head"], supervisor=people["supervisor"])


def test_a_publication_shows_at_once_on_the_home_page_the_list_and_in_search(client, people):
    new_item(people, title="第一条已公开的通知")
    pages = ["/", "/catalog/", "/search/?q=%E9%80%9A%E7%9F%A5"]
    for url in pages:
        assert "第二条刚公开的" not in cached(client, url)
    new_item(people, title="第二条刚公开的通知")
    for url in pages:
        assert "第二条刚公开的" in fresh(client, url).content.decode(), url  # (search marks the word)


def test_a_withdrawn_item_leaves_its_page_and_the_list_at_once(client, people):
    item = new_item(people, title="即将撤回的通知")
    page = f"/items/{item.index_number}/"
    assert "即将撤回的通知" in cached(client, page)
    assert "即将撤回的通知" in cached(client, "/catalog/")
    catalog.item_withdraw(item_id=item.pk, by=people["supervisor"], reason="内容有误")
    assert client.get(page).status_code == 404
    assert "即将撤回的通知" not in fresh(client, "/catalog/").content.decode()
    assert client.get(page).status_code == 404  # and the 404 is not kept as if it were the page


def test_a_revision_replaces_the_item_page_at_once(client, people):
    item = new_item(people, title="原标题的通知")
    page = f"/items/{item.index_number}/"
    assert "原标题的通知" in cached(client, page)
    revision = catalog.item_revise(item_id=item.pk, by=people["clerk"])
    catalog.revision_update(revision_id=revision.pk, by=people["clerk"], data=item_data(
        dept=people["dept"], topic=people["topic"], title="修订后的通知"))
    assert "原标题的通知" in cached(client, page)  # a draft revision is not public yet
    for action, by in (("submit", "clerk"), ("dept_approve", "dept_head"), ("secrecy_approve", "supervisor"), ("publish", "clerk")):
        catalog.revision_advance(revision_id=revision.pk, action=action, by=people[by])
    html = fresh(client, page).content.decode()
    assert "修订后的通知" in html and "原标题的通知" not in html


def test_a_published_reply_shows_on_the_q_and_a_list_at_once(client, people):
    from tests.interaction.conftest import submit

    from gongkai.interaction import services

    assert "科研经费何时拨付" not in cached(client, "/messages/")
    msg = submit(people["org"], subject="科研经费何时拨付")
    services.message_assign(message_id=msg.pk, by=people["supervisor"], department=people["dept"])
    services.message_draft(message_id=msg.pk, by=people["clerk"], reply="将于本月底前拨付。")
    assert "科研经费何时拨付" not in cached(client, "/messages/")  # received, not yet answered
    services.message_approve(message_id=msg.pk, by=people["dept_head"])
    msg.refresh_from_db()
    assert msg.is_published
    assert "科研经费何时拨付" in fresh(client, "/messages/").content.decode()
    assert "将于本月底前拨付" in cached(client, f"/messages/{msg.pk}/")
    services.message_unpublish(message_id=msg.pk, by=people["supervisor"], reason="涉及个人信息")
    assert "科研经费何时拨付" not in fresh(client, "/messages/").content.decode()


def test_settings_and_column_changes_show_at_once(client, people):
    from gongkai.portal.models import Page

    org = people["org"]
    assert "本机关的公开指南第二版" not in cached(client, "/guide/")
    org.disclosure_guide = "<p>本机关的公开指南第二版</p>"
    org.save()  # what the admin's change form does
    assert "本机关的公开指南第二版" in fresh(client, "/guide/").content.decode()
    assert "保密审查制度" not in cached(client, "/rules/")
    Page.objects.create(org=org, slug="secrecy-review", title="保密审查制度", body="<p>先审后发。</p>")
    assert "保密审查制度" in fresh(client, "/rules/").content.decode()


def test_an_update_outside_any_service_is_seen_too(client, people):
    """A queryset update() (bulk fixes, imports) sends no signal; the commit still invalidates."""
    from gongkai.catalog.models import Item

    item = new_item(people, title="批量更新前的通知")
    page = f"/items/{item.index_number}/"
    cached(client, page)
    Item.objects.filter(pk=item.pk).update(status="withdrawn")
    assert client.get(page).status_code == 404


def test_nothing_is_invalidated_before_the_commit_nor_by_a_rollback(client, people):
    from django.db import transaction

    new_item(people, title="已公开")
    before = pagecache.generation()
    with transaction.atomic():
        new_item(people, title="回滚的通知")
        assert pagecache.generation() == before  # other readers still see the old data: so may the page
        transaction.set_rollback(True)
    assert pagecache.generation() == before
    assert "回滚的通知" not in cached(client, "/catalog/")


def test_staff_are_not_served_from_the_shared_cache(client, people):
    from tests.accounts.conftest import sign_in

    new_item(people, title="员工看到的通知")
    cached(client, "/catalog/")
    staff = Client()
    sign_in(staff, people["clerk"])
    response = staff.get("/catalog/")
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_pages_with_a_form_are_never_stored(client, people):
    for url in ("/messages/write/", "/apply/", "/track/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response, url
        assert "no-store" in response["Cache-Control"]


def test_an_unchanged_page_answers_304_and_a_changed_one_200(client, people):
    new_item(people, title="条件请求的通知")
    first = client.get("/catalog/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, no-cache"
    assert client.get("/catalog/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/catalog/", HTTP_IF_NONE_MATCH='"other", ' + etag).status_code == 304
    assert client.get("/catalog/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)
    assert client.get("/catalog/", HTTP_IF_MODIFIED_SINCE=later.strftime("%a, %d %b %Y %H:%M:%S GMT")).status_code == 304
    new_item(people, title="之后公开的通知")
    changed = client.get("/catalog/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "之后公开的通知" in changed.content.decode()
    # A copy as old as the second of the change is not vouched for by Last-Modified's whole seconds.
    assert client.get("/catalog/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_a_deploy_does_not_serve_the_pages_of_the_earlier_release(client, people, settings):
    new_item(people, title="发布版本")
    cached(client, "/catalog/")
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "name": "另一个站点名称"}
    pagecache.release.cache_clear()
    try:
        assert "另一个站点名称" in fresh(client, "/catalog/").content.decode()
    finally:
        pagecache.release.cache_clear()


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("sql, watched", [
    ('INSERT INTO "catalog_item" ("title") VALUES (%s)', True),
    ('UPDATE "catalog_item" SET "status" = %s', True),
    ('DELETE FROM "portal_special_items" WHERE 1', True),
    ("INSERT INTO search_fts(rowid, title) VALUES (%s, %s)", True),
    ('INSERT OR REPLACE INTO "workdays_calendaroverride" VALUES (1)', True),
    ('  update "orgs_organisation" set "name" = 1', True),
    ('SELECT * FROM "catalog_item"', False),
    ('UPDATE "django_session" SET "expire_date" = 1', False),
    ('INSERT INTO "axes_accessattempt" VALUES (1)', False),
    ('INSERT INTO "audit_auditentry" VALUES (1)', False),
    ('INSERT INTO "catalog_reviewstep" VALUES (1)', False),  # staff's review trail, shown on no public page
    ('UPDATE "core_pagegeneration" SET "value" = 1', False),
])
def test_which_writes_invalidate(sql, watched):
    assert pagecache._writes_watched(sql) is watched
