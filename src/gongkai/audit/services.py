"""The audit log: append-only, chained and keyed, its head anchored outside the database (decision 0024).

- Each entry's `hash` is an HMAC-SHA256, under GONGKAI_AUDIT_KEY (held outside the database), of the
  entry and the hash of the one before it: editing, deleting or reordering an entry breaks the chain,
  and a chain recomputed from a forged entry cannot be made to check without the key.
- Signed checkpoints — (number of entries, id and hash of the newest) — are appended to a file
  outside the database (GONGKAI_AUDIT_CHECKPOINT_FILE) every GONGKAI_AUDIT_CHECKPOINT_EVERY entries
  and by `gongkai audit checkpoint` (cron). Removing the newest entries (and even the head row with
  them) leaves a checkpoint that names an entry which is no longer there.
"""
from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
log = logging.getLogger("gongkai.audit")


def _canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _mac(payload: bytes) -> str:
    return hmac.new(settings.GONGKAI_AUDIT_KEY.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def _digest(prev_hash: str, at_iso: str, actor_id, org_id, action: str, object_type: str, object_id: str, data) -> str:
    return _mac(_canonical([prev_hash, at_iso, actor_id, org_id, action, object_type, object_id, data]))


def _entry_digest(e: AuditEntry, prev_hash: str) -> str:
    return _digest(prev_hash, e.at.isoformat(), e.actor_id, e.org_id, e.action, e.object_type, e.object_id, e.data)


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
        every = settings.GONGKAI_AUDIT_CHECKPOINT_EVERY
        if every and head.count % every == 0:
            count, entry_id = head.count, entry.pk
            transaction.on_commit(lambda: checkpoint_write(count=count, last_id=entry_id, last_hash=digest))
        return entry


# --- checkpoints outside the database ---------------------------------------------------------------

def _checkpoint_sig(point: dict) -> str:
    return _mac(_canonical({k: point[k] for k in ("at", "count", "last_id", "last_hash")}))


def checkpoint_write(*, count: int, last_id: int | None, last_hash: str) -> dict:
    """Appends one signed checkpoint line to the checkpoint file (and to syslog when configured)."""
    point = {"at": timezone.now().isoformat(), "count": count, "last_id": last_id, "last_hash": last_hash}
    point["sig"] = _checkpoint_sig(point)
    path = settings.GONGKAI_AUDIT_CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # several workers append whole lines
        f.write(json.dumps(point, ensure_ascii=False) + "\n")
    log.info("audit checkpoint %s", json.dumps(point))
    return point


def audit_checkpoint() -> dict:
    """A checkpoint of the chain as it stands now (for cron: `gongkai audit checkpoint`)."""
    head = AuditHead.objects.filter(pk=1).first()
    last = AuditEntry.objects.order_by("-pk").only("pk", "hash").first()
    count = head.count if head else 0
    return checkpoint_write(count=count, last_id=last.pk if last else None, last_hash=last.hash if last else GENESIS)


def checkpoints_read() -> tuple[list[dict], int | None]:
    """The checkpoints in the file, in order; and the line number of the first forged one, if any."""
    path = settings.GONGKAI_AUDIT_CHECKPOINT_FILE
    if not path.exists():
        return [], None
    points = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            point = json.loads(line)
            ok = hmac.compare_digest(point.get("sig", ""), _checkpoint_sig(point))
        except (ValueError, KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            return points, number
        points.append(point)
    return points, None


# --- verification ---------------------------------------------------------------------------------------

@dataclass
class Verdict:
    ok: bool
    entries: int  # entries that checked before the first fault
    first_broken: int | None = None  # id of the first bad (or missing) entry
    reason: str = ""
    checkpoints: int = 0


def audit_check() -> Verdict:
    """Walks the chain from its start and compares it with the head row and every checkpoint."""
    points, forged_line = checkpoints_read()
    if forged_line is not None:
        return Verdict(False, 0, None, f"检查点文件第 {forged_line} 行签名不符（检查点被篡改）", len(points))
    by_count = {p["count"]: p for p in points}
    prev, count, last_id = GENESIS, 0, None
    for e in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        if e.prev_hash != prev:
            return Verdict(False, count, e.pk, "与前一条记录的链接不符（记录被删除、插入或调换了顺序）", len(points))
        if not hmac.compare_digest(e.hash, _entry_digest(e, prev)):
            return Verdict(False, count, e.pk, "记录内容与其密钥签名不符（记录被修改或重新计算）", len(points))
        count += 1
        point = by_count.get(count)
        if point is not None and (point["last_hash"] != e.hash or point["last_id"] != e.pk):
            return Verdict(False, count - 1, e.pk, f"与 {point['at']} 的检查点不符（日志链被整体重写）", len(points))
        prev, last_id = e.hash, e.pk
    beyond = [p for p in points if p["count"] > count]
    if beyond:
        point = min(beyond, key=lambda p: p["count"])
        return Verdict(False, count, point["last_id"] if point["count"] == count + 1 else None,
                       f"日志被截断：检查点（{point['at']}）记录有 {point['count']} 条，现仅有 {count} 条，"
                       f"第 {count + 1} 条起缺失", len(points))
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.count != count or head.last_hash != prev):
        return Verdict(False, count, None, f"链头记录有 {head.count} 条，现有 {count} 条（最新的记录被删除）", len(points))
    return Verdict(True, count, None, "", len(points))


def audit_verify() -> tuple[bool, int, int | None]:
    """Walks the chain; returns (ok, entries checked, id of the first broken entry or None)."""
    verdict = audit_check()
    return verdict.ok, verdict.entries, verdict.first_broken


def audit_rechain(*, using=None) -> int:
    """Recomputes every entry's keyed hash in order (the upgrade from the unkeyed chain; after a change
    of GONGKAI_AUDIT_KEY). Only for an operator who has verified the chain under the old key."""
    prev, count = GENESIS, 0
    with transaction.atomic():
        for e in AuditEntry.objects.select_for_update().order_by("pk"):
            e.prev_hash, e.hash = prev, _entry_digest(e, prev)
            AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
            prev, count = e.hash, count + 1
        AuditHead.objects.update_or_create(pk=1, defaults={"last_hash": prev, "count": count})
    return count
