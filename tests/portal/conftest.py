"""Fixtures for the portal's tests: published items made through the review chain, and a clean cache."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.catalog import services as catalog

from ..conftest import item_data


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counts are cached (portal.selectors); each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_item(org, dept, clerk, topic):
    """A draft with the given fields (title, body …), by the clerk of the agency."""
    def make(**fields):
        fields = {"dept": dept, "topic": topic, **fields}
        return catalog.item_create_draft(org=org, by=clerk, data=item_data(**fields))
    return make


@pytest.fixture
def published(make_item, publish):
    """Publishes a new item through the whole review chain and returns it."""
    return lambda **fields: publish(make_item(**fields))


@pytest.fixture
def imported(org):
    """Many published items quickly (imported history), for lists and query counts."""
    def make(n: int, *, title="关于组织申报省科技计划项目的通知", start=dt.date(2025, 1, 1), **fields):
        items = []
        for i in range(n):
            row = catalog.ImportedItem(
                data=item_data(title=f"{title}（{i + 1}）", **fields), index_number=None,
                published_on=start + dt.timedelta(days=i),
            )
            item = catalog.item_import(org=org, row=row)[0]
            item.refresh_from_db()  # publishing wrote the index number through another instance
            items.append(item)
        return items
    return make
