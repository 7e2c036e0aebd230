"""The search index's own tables: one row per *published* document, holding what filters and
ordering need. Two kinds of document share the machinery (backends.Index): catalogue items, and the
public's messages answered and published on the portal (回应关切).

The text itself is indexed by the backend: FTS5 virtual tables on SQLite, a GIN-indexed tsvector
column on PostgreSQL (both added by this app's migrations for their database only). A row exists
only while its document is published; publish and withdraw write it in their own transaction.
"""
from django.db import models


class IndexedDocument(models.Model):
    """What both kinds of document carry for filters and order. For a message, `kind` holds its
    channel code and `published_on` the day it was answered; it has no topic or department."""

    org_id = models.BigIntegerField(db_index=True)
    department_id = models.BigIntegerField(null=True)
    topic_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    published_on = models.DateField()
    title = models.CharField(max_length=300)

    class Meta:
        abstract = True


class SearchDocument(IndexedDocument):
    item = models.OneToOneField("catalog.Item", primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    kind = models.CharField(max_length=20)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        indexes = [models.Index(fields=["published_on", "item"], name="searchdoc_pub")]


class MessageDocument(IndexedDocument):
    message = models.OneToOneField("interaction.Message", primary_key=True, on_delete=models.CASCADE,
                                   related_name="search_document")

    class Meta:
        verbose_name = "留言检索文档"
        verbose_name_plural = "留言检索文档"
        indexes = [models.Index(fields=["published_on", "message"], name="searchmsg_pub")]
