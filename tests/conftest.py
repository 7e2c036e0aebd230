"""Personas shared by the tests: 信息员, 处室负责人, 公开主管 of one agency, a user of another agency,
and the public. Tests drive state through services, as the workbench does."""
from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Topic
from gongkai.orgs.models import Department, Membership, Organisation, Role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments written by a test go to a folder of its own, never into ./data."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The audit log's checkpoints belong with the test's database, not with ./data.
    settings.GONGKAI_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    # No collectstatic in tests: an empty STATIC_ROOT keeps WhiteNoise from warning on every request.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # Personas are created in almost every test; the real hasher costs ~0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render templates without running collectstatic first: no manifest to look names up in.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _fresh_cache_and_a_still_throttle_window(monkeypatch):
    """Each test starts with an empty cache (counts, fragments, throttle counters); the throttle's
    fixed window must not roll over in the middle of a test that runs at the top of the hour."""
    from django.core.cache import cache

    from gongkai.applications import throttle

    cache.clear()
    monkeypatch.setattr(throttle, "now", lambda: 1_800_000_000.0)


@pytest.fixture(autouse=True)
def _page_cache(request, settings, tmp_path):
    """Whole pages are cached only in the tests marked `pagecache` and in the browser tests. The others
    change data inside a transaction that is rolled back, never committed, and the page cache is
    invalidated by commits (core/pagecache.py): it would rightly go on serving the page from before.
    The pages go to this process's memory, emptied for each test."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                    "LOCATION": "test-pages"}}
    settings.GONGKAI_PAGECACHE_GENERATION = "file"
    settings.GONGKAI_PAGECACHE_FILE = tmp_path / "page-generation"
    settings.GONGKAI_PAGECACHE = bool(request.node.get_closest_marker("pagecache") or request.node.get_closest_marker("browser"))
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _no_stale_text_index(request):
    """A test that commits starts after a flush that may skip post_migrate (serialized_rollback):
    empty the FTS5 tables it left behind before the test runs."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from gongkai.search.apps import text_index_clear_if_orphaned

        text_index_clear_if_orphaned()


@pytest.fixture
def admin_user(db):
    """Django admin's user in tests: the system administrator (系统管理员), second factor given. (pytest-
    django's own is a superuser, who cannot sign in with production settings: 三员分立, decision 0021.)"""
    from tests.accounts.conftest import make_admin

    return make_admin("admin", "system")


@pytest.fixture
def admin_client(client, admin_user):
    from tests.accounts.conftest import verified

    return verified(client, admin_user)


@pytest.fixture
def org(db):
    return Organisation.objects.create(code="gzsti", name="贵州省科学技术厅", credit_code="11520000009390012X")


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(code="gzedu", name="贵州省教育厅", credit_code="115200000093900999")


@pytest.fixture
def dept(org):
    return Department.objects.create(org=org, name="政策法规与创新体系建设处")


@pytest.fixture
def other_dept(org):
    return Department.objects.create(org=org, name="办公室")


def _user(username: str, *memberships) -> User:
    user = User.objects.create_user(username, password="Gongkai-test-2026", first_name=username)
    for org, dept, role in memberships:
        Membership.objects.create(user=user, org=org, department=dept, role=role)
    return user


@pytest.fixture
def clerk(org, dept):
    return _user("clerk", (org, dept, Role.CLERK))


@pytest.fixture
def dept_head(org, dept):
    return _user("head", (org, dept, Role.DEPT_HEAD))


@pytest.fixture
def supervisor(org):
    return _user("supervisor", (org, None, Role.SUPERVISOR))


@pytest.fixture
def outsider(other_org):
    """Staff of another agency: must never see this agency's unpublished items."""
    return _user("outsider", (other_org, None, Role.CLERK), (other_org, None, Role.SUPERVISOR))


@pytest.fixture
def topic(db):
    return Topic.objects.get(name="科技")


@pytest.fixture
def draft(org, dept, clerk, topic):
    return catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic))


def item_data(**overrides) -> dict:
    data = dict(
        title="关于组织申报2026年度省科技计划项目的通知",
        body="<p>各有关单位：现将2026年度省科技计划项目申报工作通知如下，专利权人须提交证明材料。</p>",
        created_on=dt.date(2026, 3, 2),
        document_number="黔科通〔2026〕12号",
        kind="notice",
    )
    dept = overrides.pop("dept", None)
    if dept is not None:
        data["department"] = dept
    data.update(overrides)
    return data


def publish_through_chain(item, *, clerk, dept_head, supervisor):
    """Takes a draft item through 处室负责人签字 → 公开主管保密审查 → 信息员发布."""
    rev = item.revisions.get(status__in=["draft", "returned"])
    for action, by in (("submit", clerk), ("dept_approve", dept_head), ("secrecy_approve", supervisor), ("publish", clerk)):
        catalog.revision_advance(revision_id=rev.pk, action=action, by=by)
    item.refresh_from_db()
    return item


@pytest.fixture
def publish(clerk, dept_head, supervisor):
    return lambda item: publish_through_chain(item, clerk=clerk, dept_head=dept_head, supervisor=supervisor)


@pytest.fixture(autouse=True)
def _periodic_commands_without_quiet_time(settings):
    """A periodic command's claim is kept a while after it ran, so another server's cron skips the same
    tick (tasks/periodic.py); tests run one command several times in a row on purpose."""
    settings.GONGKAI_PERIODIC_QUIET_SECONDS = 0


@pytest.fixture
def calendar_change(django_capture_on_commit_callbacks):
    """Enters a calendar change as an administrator does, then runs its recompute job as the worker
    (inline mode) does once the change commits; returns how many due dates moved."""
    def change(**kwargs) -> int:
        from gongkai.workdays.services import calendar_override_set

        with django_capture_on_commit_callbacks(execute=True):
            _, job = calendar_override_set(**kwargs)
        job.refresh_from_db()
        assert job.state == "done", job.error
        return job.result["recomputed"]

    return change
