"""The six built-in channels of import-format.md (shared by every agency; each may rename or close
its copy in admin)."""
from django.db import migrations

BUILT_IN = [("mailbox", "厅长信箱"), ("consultation", "咨询投诉"), ("message_board", "留言板"),
            ("grassroots", "网络基层民意直通车"), ("social_media", "微博微信互动"), ("other", "其他")]


def up(apps, schema_editor):
    Channel = apps.get_model("interaction", "Channel")
    for order, (code, name) in enumerate(BUILT_IN, start=1):
        Channel.objects.get_or_create(org=None, code=code, defaults={"name": name, "order": order * 10})


def down(apps, schema_editor):
    apps.get_model("interaction", "Channel").objects.filter(org=None, code__in=[c for c, _ in BUILT_IN]).delete()


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
