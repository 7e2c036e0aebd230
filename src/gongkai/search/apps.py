from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Tables the SQLite backend creates with raw SQL (migrations 0003, 0007): Django's `flush` does not know them.
SQLITE_TEXT_TABLES = ("search_fts", "search_fts_title", "search_fts_keys")
SQLITE_MESSAGE_TABLES = ("search_msg_fts", "search_msg_fts_title", "search_msg_fts_keys")


def text_index_clear_if_orphaned(using: str = "default") -> None:
    """`flush` (run between database tests that commit) empties every model table but not the FTS5
    tables; left behind, their rows would be found again by later searches. A text index with no
    SearchDocument rows is stale by definition, so it is emptied too."""
    from django.db import connections

    from .models import MessageDocument, SearchDocument

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    existing = set(connection.introspection.table_names())
    for model, tables in ((SearchDocument, SQLITE_TEXT_TABLES), (MessageDocument, SQLITE_MESSAGE_TABLES)):
        if not set(tables) <= existing or model.objects.using(using).exists():
            continue
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def _empty_text_index_after_flush(sender, using="default", **kwargs):
    text_index_clear_if_orphaned(using)


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"
    label = "search"

    def ready(self) -> None:
        post_migrate.connect(_empty_text_index_after_flush, sender=self, dispatch_uid="search-empty-after-flush")
