from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("core", "PageGeneration").objects.using(schema_editor.connection.alias).get_or_create(scope="global")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_chinese_model_names")]

    operations = [
        migrations.CreateModel(
            name="PageGeneration",
            fields=[
                ("scope", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "页面缓存代次", "verbose_name_plural": "页面缓存代次"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
