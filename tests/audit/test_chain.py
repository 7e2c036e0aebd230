"""`gongkai audit verify` finds every way of altering the log unseen — an edited, deleted, reordered,
truncated or recomputed chain — and names the first bad entry (decision 0024)."""
from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management.base import CommandError

from gongkai.audit import services
from gongkai.audit.models import AuditEntry, AuditHead
from gongkai.audit.services import audit_check, audit_record

from ..cli.conftest import run


@pytest.fixture
def chain(db, org, django_capture_on_commit_callbacks):
    """Six entries, each followed by its checkpoint in the file outside the database."""
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            audit_record("test.step", org=org, data={"n": n, "名称": f"第{n}步"})
    return list(AuditEntry.objects.order_by("pk"))


def _broken(entry_id=None, match=None):
    with pytest.raises(CommandError, match=match) as raised:
        run("audit", "verify")
    assert raised.value.returncode == 1
    verdict = audit_check()
    assert not verdict.ok
    if entry_id is not None:
        assert verdict.first_broken == entry_id
    return verdict


def test_it_passes_an_untouched_chain_with_its_checkpoints(chain, settings):
    assert run("audit", "verify") == {"ok": True, "entries": 6}
    lines = settings.GONGKAI_AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    assert [json.loads(line)["count"] for line in lines] == [1, 2, 3, 4, 5, 6]


def test_it_names_an_edited_entry(chain):
    AuditEntry.objects.filter(pk=chain[2].pk).update(data={"n": 99})
    _broken(chain[2].pk, match=f"id={chain[2].pk}")


def test_it_names_the_entry_after_a_deleted_one(chain):
    AuditEntry.objects.filter(pk=chain[1].pk).delete()
    _broken(chain[2].pk)


def test_it_names_the_first_of_two_swapped_entries(chain):
    a, b = chain[1], chain[3]
    fields = ("at", "action", "data", "prev_hash", "hash")
    AuditEntry.objects.filter(pk=b.pk).update(hash="x" * 64)  # free the unique hash for the swap
    AuditEntry.objects.filter(pk=a.pk).update(**{f: getattr(b, f) for f in fields})
    AuditEntry.objects.filter(pk=b.pk).update(**{f: getattr(a, f) for f in fields})
    _broken(a.pk)


def test_it_sees_the_newest_entries_removed_with_the_head_left_behind(chain):
    AuditEntry.objects.filter(pk__in=[chain[4].pk, chain[5].pk]).delete()
    verdict = _broken(chain[4].pk, match="截断")
    assert verdict.entries == 4


def test_it_sees_the_newest_entries_removed_and_the_head_rewritten(chain):
    AuditEntry.objects.filter(pk__in=[chain[4].pk, chain[5].pk]).delete()
    AuditHead.objects.filter(pk=1).update(count=4, last_hash=chain[3].hash)
    _broken(chain[4].pk, match="截断")


def test_it_refuses_a_chain_recomputed_from_a_forged_entry_without_the_key(chain):
    """The old, unkeyed recipe: SHA-256 over the same fields. Without GONGKAI_AUDIT_KEY it cannot check."""
    prev = chain[1].hash
    for e in chain[2:]:
        data = {"n": "伪造"} if e.pk == chain[2].pk else e.data
        payload = json.dumps([prev, e.at.isoformat(), e.actor_id, e.org_id, e.action, e.object_type, e.object_id, data],
                             ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        AuditEntry.objects.filter(pk=e.pk).update(data=data, prev_hash=prev, hash=digest)
        prev = digest
    AuditHead.objects.filter(pk=1).update(last_hash=prev)
    _broken(chain[2].pk, match="签名")


def test_it_refuses_a_chain_rewritten_with_the_key_against_the_checkpoints(chain):
    """Even someone holding the key cannot rewrite history that a checkpoint outside the database saw."""
    AuditEntry.objects.filter(pk=chain[2].pk).update(data={"n": "伪造"})
    services.audit_rechain()
    _broken(chain[2].pk, match="检查点")


def test_it_refuses_a_forged_checkpoint_file(chain, settings):
    path = settings.GONGKAI_AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    forged = json.loads(lines[-1]) | {"count": 5}
    path.write_text("\n".join(lines[:-1] + [json.dumps(forged)]) + "\n")
    _broken(match="检查点文件第 6 行")


def test_cron_writes_a_checkpoint_of_the_chain_as_it_stands(db, org, settings):
    audit_record("test.step", org=org)  # inside the test's transaction: no checkpoint on commit
    point = run("audit", "checkpoint")
    assert point["count"] == 1 and point["last_hash"] == AuditEntry.objects.get().hash and point["sig"]
    AuditEntry.objects.all().delete()
    AuditHead.objects.filter(pk=1).update(count=0, last_hash="0" * 64)
    _broken(match="截断")


def test_the_key_lives_outside_the_database(chain, settings):
    settings.GONGKAI_AUDIT_KEY = "another-key"
    _broken(match="签名")  # the checkpoints' signatures fail first
    settings.GONGKAI_AUDIT_CHECKPOINT_FILE.unlink()
    _broken(chain[0].pk, match="签名")
