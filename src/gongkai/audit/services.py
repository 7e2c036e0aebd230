from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(prev_hash: str, at_iso: str, actor_id, org_id, action: str, object_type: str, object_id: str, data) -> str:
    payload = json.dumps(
        [prev_hash, at_iso, actor_id, org_id, action, object_type, object_id, data],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def audit_record(action: str, *, by=None, org=None, obj=None, data: dict | None = None) -> AuditEntry:
    """Appends one entry to the chain, inside the caller's transaction (so it lands with the change)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        now = timezone.now()
        actor_id = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
        org_id = org.pk if org is not None else None
        object_type = obj._meta.label_lower if obj is not None else ""
        object_id = str(obj.pk) if obj is not None else ""
        data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
        digest = _digest(head.last_hash, now.isoformat(), actor_id, org_id, action, object_type, object_id, data)
        entry = AuditEntry.objects.create(
            at=now, actor_id=actor_id, org_id=org_id, action=action, object_type=object_type,
            object_id=object_id, data=data, prev_hash=head.last_hash, hash=digest,
        )
        head.last_hash = digest
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
        return entry


def audit_verify() -> tuple[bool, int, int | None]:
    """Walks the chain; returns (ok, entries checked, id of the first broken entry or None)."""
    prev = GENESIS
    count = 0
    for e in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        expected = _digest(prev, e.at.isoformat(), e.actor_id, e.org_id, e.action, e.object_type, e.object_id, e.data)
        if e.prev_hash != prev or e.hash != expected:
            return False, count, e.pk
        prev = e.hash
        count += 1
    return True, count, None
