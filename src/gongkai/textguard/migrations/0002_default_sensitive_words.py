"""The shipped list of secrecy phrases, as global words administrators may edit or remove."""
from django.db import migrations

WORDS = ("内部资料", "内部文件", "注意保密", "不得外传", "严禁外传", "内部使用", "仅供内部参考", "涉密")


def seed(apps, schema_editor):
    SensitiveWord = apps.get_model("textguard", "SensitiveWord")
    for word in WORDS:
        if not SensitiveWord.objects.filter(org__isnull=True, word=word).exists():
            SensitiveWord.objects.create(word=word, note="系统默认")


class Migration(migrations.Migration):
    dependencies = [("textguard", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
