"""One chain per organisation and one for the system (decision 0058): each agency's writers queue on
their own head, and `gongkai audit verify` still finds every way of altering ANY chain unseen — an
edited, deleted, reordered, truncated, moved or recomputed entry — naming the chain and the entry."""
from __future__ import annotations

import hashlib
import json
import threading

import pytest
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections, transaction

from gongkai.audit import services
from gongkai.audit.models import AuditEntry, AuditHead
from gongkai.audit.services import audit_check, audit_record

from ..cli.conftest import run


@pytest.fixture
def chains(db, org, other_org, django_capture_on_commit_callbacks):
    """Entries of two agencies and of the system, interleaved as a province writes them."""
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            audit_record("test.step", org=org, data={"n": n})
            audit_record("test.step", org=other_org, data={"n": n, "名称": f"第{n}步"})
            if n % 2 == 0:
                audit_record("system.step", data={"n": n})
    return {
        "a": list(AuditEntry.objects.filter(chain=org.pk).order_by("pk")),
        "b": list(AuditEntry.objects.filter(chain=other_org.pk).order_by("pk")),
        "system": list(AuditEntry.objects.filter(chain=0).order_by("pk")),
    }


def _broken(chain: int, entry_id=None, match=None):
    with pytest.raises(CommandError, match=match) as raised:
        run("audit", "verify")
    assert raised.value.returncode == 1
    verdict = audit_check()
    assert not verdict.ok and verdict.chain == chain
    if entry_id is not None:
        assert verdict.first_broken == entry_id
    return verdict


def test_each_organisation_has_a_chain_of_its_own_and_all_verify(chains, org, other_org, settings):
    assert [len(chains[k]) for k in ("a", "b", "system")] == [5, 5, 3]
    assert chains["b"][0].prev_hash == "0" * 64  # the agency's chain starts at genesis, not after the other's
    assert {h.chain: h.count for h in AuditHead.objects.all()} == {org.pk: 5, other_org.pk: 5, 0: 3}
    assert run("audit", "verify") == {"ok": True, "entries": 13}
    lines = [json.loads(line) for line in settings.GONGKAI_AUDIT_CHECKPOINT_FILE.read_text().splitlines()]
    assert [p["count"] for p in lines if p["chain"] == other_org.pk] == [1, 2, 3, 4, 5]


def test_it_names_an_edited_entry_of_an_agency_chain(chains, other_org):
    target = chains["b"][2]
    AuditEntry.objects.filter(pk=target.pk).update(data={"n": 99})
    verdict = _broken(other_org.pk, target.pk, match=f"id={target.pk}")
    assert "gzedu" in verdict.reason and verdict.broken_chains == [other_org.pk]


def test_it_names_the_entry_after_one_deleted_from_an_agency_chain(chains, other_org):
    AuditEntry.objects.filter(pk=chains["b"][1].pk).delete()
    _broken(other_org.pk, chains["b"][2].pk)


def test_it_names_the_first_of_two_swapped_entries_of_an_agency_chain(chains, other_org):
    a, b = chains["b"][1], chains["b"][3]
    fields = ("at", "action", "data", "prev_hash", "hash")
    AuditEntry.objects.filter(pk=b.pk).update(hash="x" * 64)  # free the unique hash for the swap
    AuditEntry.objects.filter(pk=a.pk).update(**{f: getattr(b, f) for f in fields})
    AuditEntry.objects.filter(pk=b.pk).update(**{f: getattr(a, f) for f in fields})
    _broken(other_org.pk, a.pk)


def test_it_sees_an_agency_chain_cut_short_even_with_its_head_rewritten(chains, other_org):
    kept = chains["b"][:3]
    AuditEntry.objects.filter(pk__in=[e.pk for e in chains["b"][3:]]).delete()
    AuditHead.objects.filter(chain=other_org.pk).update(count=3, last_hash=kept[-1].hash, last_id=kept[-1].pk)
    verdict = _broken(other_org.pk, chains["b"][3].pk, match="截断")
    assert verdict.entries == 3


def test_it_sees_a_whole_agency_chain_deleted(chains, other_org):
    AuditEntry.objects.filter(chain=other_org.pk).delete()
    AuditHead.objects.filter(chain=other_org.pk).delete()
    _broken(other_org.pk, chains["b"][0].pk, match="截断")


def test_it_refuses_an_agency_chain_recomputed_from_a_forged_entry_without_the_key(chains, other_org):
    prev = chains["b"][1].hash
    for e in chains["b"][2:]:
        data = {"n": "伪造"} if e.pk == chains["b"][2].pk else e.data
        payload = json.dumps([prev, e.at.isoformat(), e.actor_id, e.org_id, e.action, e.object_type, e.object_id, data],
                             ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        AuditEntry.objects.filter(pk=e.pk).update(data=data, prev_hash=prev, hash=digest)
        prev = digest
    AuditHead.objects.filter(chain=other_org.pk).update(last_hash=prev)
    _broken(other_org.pk, chains["b"][2].pk, match="签名")


def test_it_refuses_an_agency_chain_rewritten_with_the_key_against_its_checkpoints(chains, other_org):
    AuditEntry.objects.filter(pk=chains["b"][2].pk).update(data={"n": "伪造"})
    services.audit_rechain()
    _broken(other_org.pk, chains["b"][2].pk, match="检查点")


def test_it_sees_the_newest_entry_moved_into_another_chain(chains, org, other_org):
    """The newest entry of B relabelled as A's: B is short of its checkpoint, A's links break."""
    moved = chains["b"][-1]
    AuditEntry.objects.filter(pk=moved.pk).update(chain=org.pk)
    verdict = _broken(org.pk)
    assert verdict.broken_chains == [org.pk, other_org.pk]


def test_a_checkpoint_line_cannot_be_moved_to_another_chain(chains, org, other_org, settings):
    path = settings.GONGKAI_AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    number, line = next((n, line) for n, line in enumerate(lines, 1) if json.loads(line)["chain"] == other_org.pk)
    lines[number - 1] = json.dumps(json.loads(line) | {"chain": org.pk})
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match=f"检查点文件第 {number} 行"):
        run("audit", "verify")


def test_cron_anchors_every_chain_from_its_head(chains, org, other_org, settings):
    settings.GONGKAI_AUDIT_CHECKPOINT_FILE.unlink()
    point = run("audit", "checkpoint")
    newest = AuditEntry.objects.order_by("-pk").first()
    assert point["chains"] == 3 and point["chain"] == newest.chain and point["last_id"] == newest.pk
    AuditEntry.objects.filter(pk=chains["a"][-1].pk).delete()
    AuditHead.objects.filter(chain=org.pk).update(count=4, last_hash=chains["a"][-2].hash, last_id=chains["a"][-2].pk)
    _broken(org.pk, chains["a"][-1].pk, match="截断")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded topics for later tests
def test_one_agency_holding_its_head_does_not_block_another_agencys_write(org, other_org):
    """Agency A's transaction has written its entry and not yet committed (its head row is locked):
    agency B's write goes through at once, while another write of A waits for A's head."""
    audit_record("test.warm", org=org)
    audit_record("test.warm", org=other_org)
    holding, release, results = threading.Event(), threading.Event(), {}

    def hold_a():
        try:
            with transaction.atomic():
                audit_record("test.held", org=org)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def write(name, which):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                audit_record("test.write", org=which)
            results[name] = "written"
        except OperationalError as e:
            results[name] = "waited" if "lock timeout" in str(e) else str(e)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_a)
    holder.start()
    assert holding.wait(10)
    for name, which in (("b", other_org), ("a", org)):
        t = threading.Thread(target=write, args=(name, which))
        t.start()
        t.join()
    release.set()
    holder.join()
    assert results == {"b": "written", "a": "waited"}
    assert audit_check().ok
