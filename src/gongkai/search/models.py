"""The search index's own table: one row per *published* item, holding what filters and ordering need.

The text itself is indexed by the backend: an FTS5 virtual table on SQLite, a GIN-indexed tsvector
column on PostgreSQL (both added by this app's migrations for their database only). A row exists
only while its item is published; publish and withdraw write it in their own transaction.
"""
from django.db import models


class SearchDocument(models.Model):
    item = models.OneToOneField("catalog.Item", primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    org_id = models.BigIntegerField(db_index=True)
    department_id = models.BigIntegerField(null=True)
    topic_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    published_on = models.DateField()
    title = models.CharField(max_length=300)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        indexes = [models.Index(fields=["published_on", "item"], name="searchdoc_pub")]
