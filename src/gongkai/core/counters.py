from __future__ import annotations

from collections.abc import Callable

from .models import Counter


def counter_next(*, org, scope: str, year: int, taken: Callable[[int], bool] = lambda n: False) -> int:
    """The next serial of SCOPE for ORG and YEAR, skipping any that TAKEN says exist already (imported
    history). Must run inside the caller's transaction: the row lock makes concurrent callers queue."""
    counter, _ = Counter.objects.select_for_update().get_or_create(org=org, scope=scope, year=year)
    counter.last += 1
    while taken(counter.last):
        counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
