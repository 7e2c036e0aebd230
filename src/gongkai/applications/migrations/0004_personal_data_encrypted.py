"""Personal data encrypted at rest, blind indexes, query codes kept as hashes (decision 0025).
Existing rows are converted in place: each value encrypted, each index and code hash computed."""
import gongkai.core.crypto
from django.db import migrations, models


def protect_existing(apps, schema_editor):
    from gongkai.core.crypto import blind_index

    Application = apps.get_model("applications", "Application")
    for app in Application.objects.only("pk", "id_number", "phone", "email", "address", "query_code").iterator(chunk_size=500):
        # The historical model's fields are the encrypted ones already: loading returns the legacy
        # plain text as it is, saving encrypts it.
        Application.objects.filter(pk=app.pk).update(
            id_number=app.id_number, phone=app.phone, email=app.email, address=app.address,
            id_number_index=blind_index("id", app.id_number), phone_index=blind_index("phone", app.phone),
            query_code_hash=blind_index("query-code", app.query_code),
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0003_chinese_model_names")]

    operations = [
        migrations.AlterField("application", "id_number", gongkai.core.crypto.EncryptedTextField(blank=True, verbose_name="证件号码")),
        migrations.AlterField("application", "phone", gongkai.core.crypto.EncryptedTextField(blank=True, verbose_name="联系电话")),
        migrations.AlterField("application", "email", gongkai.core.crypto.EncryptedTextField(blank=True, verbose_name="电子邮箱")),
        migrations.AlterField("application", "address", gongkai.core.crypto.EncryptedTextField(blank=True, verbose_name="通信地址")),
        migrations.AddField("application", "id_number_index", models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
        migrations.AddField("application", "phone_index", models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
        migrations.AddField("application", "personal_data_erased_on", models.DateField(blank=True, null=True, verbose_name="个人信息删除日期")),
        migrations.AddField("application", "query_code_hash", models.CharField(default="", max_length=64, verbose_name="查询码（哈希）"), preserve_default=False),
        migrations.RunPython(protect_existing, migrations.RunPython.noop),
        migrations.RemoveField("application", "query_code"),
    ]
