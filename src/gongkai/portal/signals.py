"""Cached catalogue counts are dropped when an item is saved or deleted (published, withdrawn,
revised, imported), once the transaction that changed it has committed. This writes nothing to the
database: it only bumps the version that the portal's cache keys carry."""
from __future__ import annotations

from django.db import transaction


def _bump() -> None:
    from .selectors import catalog_changed

    catalog_changed()


def item_changed(sender, using: str = "default", **kwargs) -> None:  # noqa: ARG001 - a signal receiver
    # An import saves thousands of items in one transaction: bump once when it commits, not per row
    # (each bump is a round trip when the cache is Redis).
    pending = getattr(transaction.get_connection(using), "run_on_commit", [])
    if any(entry[1] is _bump for entry in pending):
        return
    transaction.on_commit(_bump, using=using)
