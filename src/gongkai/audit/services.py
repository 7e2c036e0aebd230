"""The audit log: append-only, chained and keyed, its heads anchored outside the database (decisions
0024 and 0058).

- One chain per organisation (AuditEntry.chain = its id) and chain 0 for the system's entries (and
  every entry written before the split): each agency's writers queue on their own chain's head row,
  never on one row for the whole province.

- Each entry's `hash` is an HMAC-SHA256, under GONGKAI_AUDIT_KEY (held outside the database), of the
  entry and the hash of the one before it: editing, deleting or reordering an entry breaks the chain,
  and a chain recomputed from a forged entry cannot be made to check without the key.
- Signed checkpoints — (chain, number of entries, id and hash of the newest) — are appended to a file
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
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

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


def chain_of(org) -> int:
    """The chain an entry about ORG goes to: the organisation's own, or 0 (the system's)."""
    return org.pk if org is not None else 0


def audit_record(action: str, *, by=None, org=None, obj=None, data: dict | None = None) -> AuditEntry:
    """Appends one entry to ORG's chain, inside the caller's transaction (so it lands with the change).
    The chain's head row stays locked until that transaction ends: writers of one agency queue,
    writers of different agencies do not."""
    chain = chain_of(org)
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:  # the chain's first entry: two first writers meet on the primary key
            head, _ = AuditHead.objects.select_for_update().get_or_create(chain=chain)
        now = timezone.now()
        actor_id = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
        org_id = org.pk if org is not None else None
        object_type = obj._meta.label_lower if obj is not None else ""
        object_id = str(obj.pk) if obj is not None else ""
        data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
        digest = _digest(head.last_hash, now.isoformat(), actor_id, org_id, action, object_type, object_id, data)
        entry = AuditEntry.objects.create(
            at=now, actor_id=actor_id, org_id=org_id, chain=chain, action=action, object_type=object_type,
            object_id=object_id, data=data, prev_hash=head.last_hash, hash=digest,
        )
        head.last_hash, head.last_id = digest, entry.pk
        head.count += 1
        head.save(update_fields=["last_hash", "last_id", "count"])
        every = settings.GONGKAI_AUDIT_CHECKPOINT_EVERY
        if every and head.count % every == 0:
            count, entry_id = head.count, entry.pk
            transaction.on_commit(lambda: checkpoint_write(chain=chain, count=count, last_id=entry_id, last_hash=digest))
        return entry


# --- checkpoints outside the database ---------------------------------------------------------------

_SIGNED = ("at", "count", "last_id", "last_hash")


def _checkpoint_sig(point: dict) -> str:
    signed = {k: point[k] for k in _SIGNED}
    if point.get("chain"):  # chain 0 signs as before the split: the lines written then still check
        signed["chain"] = point["chain"]
    return _mac(_canonical(signed))


def checkpoint_write(*, count: int, last_id: int | None, last_hash: str, chain: int = 0) -> dict:
    """Appends one signed checkpoint line of CHAIN to the checkpoint file (and to syslog when configured)."""
    point = {"at": timezone.now().isoformat(), "chain": chain, "count": count, "last_id": last_id, "last_hash": last_hash}
    point["sig"] = _checkpoint_sig(point)
    path = settings.GONGKAI_AUDIT_CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # several workers append whole lines
        f.write(json.dumps(point, ensure_ascii=False) + "\n")
    log.info("audit checkpoint %s", json.dumps(point))
    return point


def audit_checkpoint() -> dict:
    """A checkpoint of every chain as it stands now (for cron: `gongkai audit checkpoint`). Each is read
    from its head row alone, which a writer updates whole: never a count of one moment beside the
    newest entry of another. Returns the checkpoint of the chain written to last, with `chains`: how
    many chains were anchored."""
    heads = list(AuditHead.objects.order_by("chain"))
    if not heads:
        return checkpoint_write(count=0, last_id=None, last_hash=GENESIS) | {"chains": 1}
    points = [checkpoint_write(chain=h.chain, count=h.count, last_id=h.last_id, last_hash=h.last_hash) for h in heads]
    newest = max(points, key=lambda p: p["last_id"] or 0)
    return newest | {"chains": len(points)}


def checkpoints_read() -> tuple[list[dict], int | None]:
    """The checkpoints in the file, in order (a line from before the split is chain 0's); and the line
    number of the first forged one, if any."""
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
            point["chain"] = int(point.get("chain") or 0)
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
    entries: int  # entries that checked: all of them, or those of the broken chain before its first fault
    first_broken: int | None = None  # id of the first bad (or missing) entry
    reason: str = ""
    checkpoints: int = 0
    chain: int | None = None  # the (first) broken chain
    broken_chains: list[int] = field(default_factory=list)  # every chain found broken


@dataclass
class _Fault:
    entries: int
    first_broken: int | None
    reason: str


def _chain_check(chain: int, entries, points: list[dict], head: AuditHead | None) -> tuple[int, _Fault | None]:
    """One chain from its start: links, keyed hashes, its checkpoints and its head row. Returns the
    number of entries and the first fault, if any."""
    by_count = {p["count"]: p for p in points}
    prev, count = GENESIS, 0
    for e in entries:
        if e.prev_hash != prev:
            return count, _Fault(count, e.pk, "与前一条记录的链接不符（记录被删除、插入或调换了顺序）")
        if not hmac.compare_digest(e.hash, _entry_digest(e, prev)):
            return count, _Fault(count, e.pk, "记录内容与其密钥签名不符（记录被修改或重新计算）")
        if chain and e.org_id != chain:  # an organisation's chain holds its entries only
            return count, _Fault(count, e.pk, "记录所属机关与其所在的日志链不符（记录被移入其他链）")
        count += 1
        point = by_count.get(count)
        if point is not None and (point["last_hash"] != e.hash or point["last_id"] != e.pk):
            return count, _Fault(count - 1, e.pk, f"与 {point['at']} 的检查点不符（日志链被整体重写）")
        prev = e.hash
    beyond = [p for p in points if p["count"] > count]
    if beyond:
        point = min(beyond, key=lambda p: p["count"])
        return count, _Fault(count, point["last_id"] if point["count"] == count + 1 else None,
                             f"日志被截断：检查点（{point['at']}）记录有 {point['count']} 条，现仅有 {count} 条，"
                             f"第 {count + 1} 条起缺失")
    if head is not None and (head.count != count or head.last_hash != prev):
        return count, _Fault(count, None, f"链头记录有 {head.count} 条，现有 {count} 条（最新的记录被删除）")
    return count, None


def _chain_name(chain: int) -> str:
    if not chain:
        return "系统日志链"
    from gongkai.orgs.models import Organisation

    org = Organisation.objects.filter(pk=chain).only("code", "name").first()
    return f"机关 {org.code}（{org.name}）的日志链" if org else f"日志链 {chain}（机关已不存在）"


def audit_check() -> Verdict:
    """Walks every chain from its start — entries by (chain, id), one pass — and compares each with its
    head row and every checkpoint of it. A chain known only to a checkpoint or a head row (all its
    entries deleted) is walked too: it is empty, and found short."""
    points, forged_line = checkpoints_read()
    if forged_line is not None:
        return Verdict(False, 0, None, f"检查点文件第 {forged_line} 行签名不符（检查点被篡改）", len(points))
    points_of = defaultdict(list)
    for p in points:
        points_of[p["chain"]].append(p)
    heads = {h.chain: h for h in AuditHead.objects.all()}
    entries = AuditEntry.objects.order_by("chain", "pk").iterator(chunk_size=2000)
    walked, total, faults = set(), 0, []
    for chain, group in groupby(entries, key=lambda e: e.chain):
        walked.add(chain)
        count, fault = _chain_check(chain, group, points_of.get(chain, []), heads.get(chain))
        total += count
        if fault:
            faults.append((chain, fault))
    for chain in sorted((set(points_of) | set(heads)) - walked):
        count, fault = _chain_check(chain, [], points_of.get(chain, []), heads.get(chain))
        if fault:
            faults.append((chain, fault))
    if faults:
        faults.sort(key=lambda f: f[0])
        chain, fault = faults[0]
        return Verdict(False, fault.entries, fault.first_broken, f"{_chain_name(chain)}：{fault.reason}", len(points),
                       chain=chain, broken_chains=[c for c, _ in faults])
    return Verdict(True, total, None, "", len(points))


def audit_verify() -> tuple[bool, int, int | None]:
    """Walks the chains; returns (ok, entries checked, id of the first broken entry or None)."""
    verdict = audit_check()
    return verdict.ok, verdict.entries, verdict.first_broken


def audit_rechain(*, using=None) -> int:
    """Recomputes every entry's keyed hash in order, chain by chain (after a change of
    GONGKAI_AUDIT_KEY). Only for an operator who has verified the chains under the old key."""
    total = 0
    with transaction.atomic():
        heads = {h.chain: h for h in AuditHead.objects.select_for_update()}
        entries = AuditEntry.objects.select_for_update().order_by("chain", "pk")
        for chain, group in groupby(entries, key=lambda e: e.chain):
            prev, count, last_id = GENESIS, 0, None
            for e in group:
                e.prev_hash, e.hash = prev, _entry_digest(e, prev)
                AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
                prev, count, last_id = e.hash, count + 1, e.pk
            AuditHead.objects.update_or_create(chain=chain, defaults={"last_hash": prev, "last_id": last_id, "count": count})
            heads.pop(chain, None)
            total += count
        for chain in heads:  # a head whose chain has no entry left
            AuditHead.objects.filter(chain=chain).update(last_hash=GENESIS, last_id=None, count=0)
    return total
