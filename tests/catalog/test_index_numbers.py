"""索引号: generated from the organisation's pattern, unique, never reused — also under concurrent publishing."""
import threading

import pytest
from django.db import connection, connections

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item
from gongkai.orgs.models import Organisation

from ..conftest import item_data


@pytest.mark.parametrize(
    "pattern, credit_code, expected",
    [
        ("{credit_code}/{year}-{serial:05d}", "11520000009390012X", "11520000009390012X/2026-00001"),
        ("{code}-{year}-{serial:04d}", "", "gzsti-2026-0001"),
        ("{credit_code}/{year}-{serial:05d}", "", "gzsti/2026-00001"),  # no credit code yet: the org code stands in
    ],
)
def test_it_formats_the_index_number_from_the_org_pattern(org, pattern, credit_code, expected):
    org.index_pattern, org.credit_code = pattern, credit_code
    org.save()
    assert catalog.index_number_allocate(org, 2026) == expected


def test_it_skips_numbers_already_taken_by_imported_history(org):
    Item.objects.create(org=org, title="导入的历史条目", created_on="2026-01-05", index_number="11520000009390012X/2026-00001")
    assert catalog.index_number_allocate(org, 2026) == "11520000009390012X/2026-00002"


def test_serials_restart_each_year_but_never_repeat(org):
    assert catalog.index_number_allocate(org, 2025).endswith("2025-00001")
    assert catalog.index_number_allocate(org, 2026).endswith("2026-00001")
    assert catalog.index_number_allocate(org, 2026).endswith("2026-00002")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded topics for later tests
def test_concurrent_publishing_never_hands_out_a_number_twice(org, dept, clerk, dept_head, supervisor):
    """Eight clerks press 发布 at once: eight different numbers, no gaps needed, no error."""
    revisions = []
    for n in range(8):
        item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, title=f"并发发布测试{n}"))
        rev = item.revisions.get()
        for action, by in (("submit", clerk), ("dept_approve", dept_head), ("secrecy_approve", supervisor)):
            catalog.revision_advance(revision_id=rev.pk, action=action, by=by)
        revisions.append(rev.pk)
    barrier = threading.Barrier(len(revisions))
    errors = []

    def publish(pk):
        try:
            barrier.wait()
            catalog.revision_advance(revision_id=pk, action="publish", by=clerk)
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in revisions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Item.objects.filter(org=org).values_list("index_number", flat=True))
    assert len(set(numbers)) == 8 and None not in numbers
