"""One audit chain per organisation (decision 0058). The existing chain is kept whole as chain 0 —
no entry is re-hashed, so every checkpoint already written outside the database still holds — and
a last entry on it records the split, so that the change is itself on record."""
from django.db import migrations, models


def split(apps, schema_editor):
    from gongkai.audit.services import GENESIS, _digest
    from django.utils import timezone

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    old = Head.objects.filter(chain=1).first()  # the single head was row 1; chain 1 is an organisation's now
    if old is not None:
        Head.objects.filter(chain=1).delete()
    last = Entry.objects.order_by("-pk").first()
    if last is None:
        return
    count = Entry.objects.count()
    note = Entry(at=timezone.now(), action="audit.chains_split", object_type="", object_id="", chain=0,
                 data={"entries": count, "last_id": last.pk, "head_count": old.count if old else None},
                 prev_hash=last.hash)
    note.hash = _digest(last.hash, note.at.isoformat(), None, None, note.action, "", "", note.data)
    note.save()
    Head.objects.create(chain=0, last_hash=note.hash, last_id=note.pk, count=count + 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain")]
    operations = [
        migrations.RenameField("audithead", "id", "chain"),
        migrations.AlterField("audithead", "chain", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
        migrations.AddField("audithead", "last_id", models.BigIntegerField(blank=True, null=True)),
        migrations.AddField("auditentry", "chain", models.PositiveBigIntegerField(default=0, verbose_name="日志链")),
        migrations.AddIndex("auditentry", models.Index(fields=["chain", "id"], name="audit_entry_chain_walk")),
        migrations.RunPython(split, migrations.RunPython.noop),
    ]
