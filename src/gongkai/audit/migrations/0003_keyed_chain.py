"""The chain's hashes become HMACs under GONGKAI_AUDIT_KEY (decision 0024). The unkeyed chain is
checked first; whether it held is recorded in a last entry, so that the upgrade itself is on record."""
import hashlib
import json

from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64


def _payload(prev, e):
    return json.dumps([prev, e.at.isoformat(), e.actor_id, e.org_id, e.action, e.object_type, e.object_id, e.data],
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def rechain(apps, schema_editor):
    from gongkai.audit.services import _mac

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    if not Entry.objects.exists():
        return
    prev, legacy_ok, first_broken = GENESIS, True, None
    for e in Entry.objects.order_by("pk"):
        if legacy_ok and (e.prev_hash != prev or e.hash != hashlib.sha256(_payload(prev, e)).hexdigest()):
            legacy_ok, first_broken = False, e.pk
        prev = e.hash
    prev, count = GENESIS, 0
    for e in Entry.objects.order_by("pk"):
        digest = _mac(_payload(prev, e))
        Entry.objects.filter(pk=e.pk).update(prev_hash=prev, hash=digest)
        prev, count = digest, count + 1
    note = Entry(at=timezone.now(), action="audit.rechained", data={"legacy_chain_ok": legacy_ok, "first_broken": first_broken, "entries": count},
                 object_type="", object_id="", prev_hash=prev)
    note.hash = _mac(_payload(prev, note))
    note.save()
    Head.objects.update_or_create(pk=1, defaults={"last_hash": note.hash, "count": count + 1})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chinese_model_names")]
    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
