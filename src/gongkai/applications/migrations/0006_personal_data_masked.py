"""The masked forms of the applicant's ID number, phone, e-mail and address, stored beside the
encrypted values so that staff lists need not decrypt them. Existing rows are filled here, each value
decrypted once (the historical model's fields decrypt on load, as in 0004)."""
import gongkai.applications.models
from django.db import migrations

SOURCES = {"id_masked": ("id_number", "id"), "phone_masked": ("phone", "phone"), "email_masked": ("email", "email"),
           "address_masked": ("address", "address")}


def fill_masks(apps, schema_editor):
    from gongkai.applications.identity import MASKS

    Application = apps.get_model("applications", "Application")
    ids = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):  # read a batch, then write it: no cursor open across writes
        batch = list(Application.objects.filter(pk__in=ids[start:start + 500]).only("pk", *(s for s, _ in SOURCES.values())))
        for app in batch:
            for name, (source, mask) in SOURCES.items():
                value = getattr(app, source)
                setattr(app, name, MASKS[mask](value) if value else "")
        Application.objects.bulk_update(batch, list(SOURCES))


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_letters")]

    operations = [
        migrations.AddField("application", "id_masked", gongkai.applications.models.MaskedField(mask="id", source="id_number", verbose_name="证件号码（遮盖）")),
        migrations.AddField("application", "phone_masked", gongkai.applications.models.MaskedField(mask="phone", source="phone", verbose_name="联系电话（遮盖）")),
        migrations.AddField("application", "email_masked", gongkai.applications.models.MaskedField(mask="email", source="email", verbose_name="电子邮箱（遮盖）")),
        migrations.AddField("application", "address_masked", gongkai.applications.models.MaskedField(mask="address", source="address", verbose_name="通信地址（遮盖）")),
        migrations.RunPython(fill_masks, migrations.RunPython.noop),
    ]
