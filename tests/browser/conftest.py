"""Browser tests: a real Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against
pytest-django's live_server. Fixtures for every browser test:

- browser_page: a fresh Playwright page (zh-CN, 1280×900) whose relative URLs go to the live server;
- phone_page: the same at a phone's size (375×740);
- axe_audit(page): the serious and critical axe-core violations on the page (none is the goal);
- save_shot(page, name): a full-page screenshot into $GONGKAI_SHOTS (default /tmp/shots) to look at;
- and on every page they open, the punctuation scan (punctuation.py): a journey fails if a page it
  rendered shows 。。, ，， or a space between two Chinese characters.

and the workbench steps every staff journey takes (import them): log_in(page, username), log_out(page),
expect_message(page, text).

Every test here is marked `browser` (make test runs them apart from the others).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from .punctuation import PunctuationScan

# Playwright's sync API keeps an event loop in the test's thread; Django would otherwise take the
# test's own ORM calls (creating fixtures) for calls from async code and refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
HERE = Path(__file__).parent
PASSWORD = "Gongkai-test-2026"  # the personas' password (tests/conftest.py)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _empty_search_index_after_the_test(transactional_db):
    """The flush after a transactional test empties the tables of models, not the full-text index's
    own tables (FTS5), whose stale entries would then count in the next test's search. So the test's
    items are taken out of the index through the search app's own service. (Autouse: set up before
    and so torn down after the page fixtures, once Playwright has stopped.)"""
    yield
    from gongkai.search.models import SearchDocument
    from gongkai.search.services import search_remove_item

    for item_id in SearchDocument.objects.values_list("item_id", flat=True):
        search_remove_item(item_id)


@contextmanager
def chromium():
    """A Chromium under Playwright's sync API."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def _page(live_server, viewport):
    # Started per test and only once the test database is ready: while Playwright's loop runs in this
    # thread, Django hands out other connection objects, so the restore of the data migrations' rows
    # (serialized rollback) must happen before. One sync Playwright per thread also means a test
    # module that drives its own Playwright can run after these.
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport, base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        scan = PunctuationScan()  # every page of every journey: no 。。, ，， or space inside Chinese text
        page.on("response", scan.on_response)
        try:
            yield page
        finally:
            context.close()
        assert scan.problems == [], "\n".join(dict.fromkeys(scan.problems))


@pytest.fixture
def browser_page(live_server, django_db_serialized_rollback):
    """A page at desktop size; relative URLs go to the live server. The database is transactional,
    and rows from data migrations (the topic list) are restored for each test."""
    with _page(live_server, DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page(live_server, django_db_serialized_rollback):
    with _page(live_server, PHONE) as page:
        yield page


@pytest.fixture
def axe_audit():
    """axe_audit(page) → the serious and critical violations axe-core finds on the page, each as
    "rule-id (impact): target, target … — help"; an empty list passes."""
    from axe_playwright_python.base import AXE_SCRIPT

    def audit(page, impacts=("serious", "critical")) -> list[str]:
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:5])} — {v['help']}"
            for v in result["violations"] if v["impact"] in impacts
        ]
    return audit


@pytest.fixture
def save_shot():
    folder = Path(os.environ.get("GONGKAI_SHOTS", "/tmp/shots"))

    def save(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return save


# --- the workbench, as staff use it ---------------------------------------------------------------

def log_in(page, username: str) -> None:
    """Signs a persona in through the login form and waits for 我的待办 (the workbench home)."""
    page.goto("/workbench/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的待办").wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("heading", name="登录工作台").wait_for()


def expect_message(page, text: str) -> None:
    """Waits for the workbench's flash message that says `text`."""
    page.locator(".wb-message", has_text=text).wait_for()
