"""Claiming a piece of periodic work once (healthchecks' habit): a row whose unique key says "this was
done", inserted in a savepoint so that the run which loses the race carries on with the rest."""
from __future__ import annotations

from django.db import IntegrityError, transaction


def claim(model, **fields):
    """The new row of MODEL with FIELDS, or None when another run holds that claim already. Call it
    inside the transaction that does the work: the claim commits or rolls back with it."""
    try:
        with transaction.atomic():  # a savepoint: a failed INSERT must not spoil the caller's transaction
            return model.objects.create(**fields)
    except IntegrityError:
        return None
