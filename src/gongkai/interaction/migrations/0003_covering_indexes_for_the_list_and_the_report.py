"""The Q&A list's partial indexes hold is_published as a column, so that SQLite answers the list from
the index alone; the replies by channel of the annual report are counted from an index holding the
status (decision 0043)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('interaction', '0002_builtin_channels'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='message',
            name='msg_org_replied',
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['org', 'status', 'replied_on', 'channel'], name='msg_org_replied'),
        ),
        migrations.RemoveIndex(
            model_name='message',
            name='msg_published',
        ),
        migrations.RemoveIndex(
            model_name='message',
            name='msg_published_org',
        ),
        migrations.RemoveIndex(
            model_name='message',
            name='msg_published_channel',
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('is_published', True)), fields=['-replied_on', '-id', 'is_published'], name='msg_published'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('is_published', True)), fields=['org', '-replied_on', '-id', 'is_published'], name='msg_published_org'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('is_published', True)), fields=['channel', '-replied_on', '-id', 'is_published'], name='msg_published_channel'),
        ),
    ]
