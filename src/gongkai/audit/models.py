"""Append-only, tamper-evident log: every entry carries the hash of the one before it."""
from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT)
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
        indexes = [models.Index(fields=["object_type", "object_id"])]


class AuditHead(models.Model):
    """One row: the hash of the newest entry. Locking it serialises writers of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "审计日志链头"
        verbose_name_plural = "审计日志链头"


