from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Tables the SQLite backend creates with raw SQL (migration 0003): Django's `flush` does not know them.
SQLITE_TEXT_TABLES = ("search_fts", "search_fts_title", "search_fts_keys")


def text_index_clear_if_orphaned(using: str = "default") -> None:
    """`flush` (run between database tests that commit) empties every model table but not the FTS5
    tables; left behind, their rows would be found again by later searches. A text index with no
    SearchDocument rows is stale by definition, so it is emptied too."""
    from django.db import connections

    from .models import SearchDocument

    connection = connections[using]
    if connection.vendor != "sqlite" or SearchDocument.objects.using(using).exists():
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in SQLITE_TEXT_TABLES:
            if table in existing:
                cursor.execute(f"DELETE FROM {table}")


def _empty_text_index_after_flush(sender, using="default", **kwargs):
    text_index_clear_if_orphaned(using)


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"
    label = "search"

    def ready(self) -> None:
        post_migrate.connect(_empty_text_index_after_flush, sender=self, dispatch_uid="search-empty-after-flush")
