"""Append-only, tamper-evident log: every entry carries the hash of the one before it in its chain.

One chain per organisation (its id), and chain 0 for the system and for everything written before
the chains were split (decision 0058): an agency's writes queue only on its own chain's head.
"""
from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT)
    # The organisation's id, or 0: the system's entries and every entry from before the split.
    chain = models.PositiveBigIntegerField("日志链", default=0)
    action = models.CharField("事件", max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["pk"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["chain", "id"], name="audit_entry_chain_walk")]


class AuditHead(models.Model):
    """One row per chain: its length and newest entry. Locking it serialises the writers of that chain
    only — one agency's, not the province's."""

    chain = models.PositiveBigIntegerField(primary_key=True)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_id = models.BigIntegerField(null=True, blank=True)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "审计日志链头"
        verbose_name_plural = "审计日志链头"
