from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_sqlite_statistics(sender, using="default", plan=None, **kwargs):
    """After migrations ran on SQLite, refresh the planner's statistics. Without them, a new index on
    an already-analysed table can be chosen wrongly: the portal's newest-first list then sorted every
    row (bench/NOTES.md). A bounded ANALYZE costs milliseconds; PostgreSQL's autovacuum does this itself."""
    from django.db import connections

    from .planner import refresh_statistics

    connection = connections[using]
    if connection.vendor != "sqlite" or not plan:
        return
    refresh_statistics(connection=connection)


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "公共组件"
    label = "core"

    def ready(self) -> None:
        from .forms import install_labelled_errors

        install_labelled_errors()  # form errors name their field (core/forms.py)
        post_migrate.connect(_refresh_sqlite_statistics, sender=self, dispatch_uid="core-sqlite-analyze")
        from django.db.backends.signals import connection_created

        from .pagecache import watch

        # Every connection reports writes to the tables public pages are made from (decision 0046).
        connection_created.connect(watch, dispatch_uid="core-pagecache-watch")
