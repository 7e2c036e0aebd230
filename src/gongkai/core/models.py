from django.db import models


class Counter(models.Model):
    """Per-organisation, per-year serials (索引号, application registration numbers). Locked with
    SELECT … FOR UPDATE and only ever incremented, so a number is never handed out twice."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE)
    scope = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "计数器"
        verbose_name_plural = "计数器"
        constraints = [models.UniqueConstraint(fields=["org", "scope", "year"], name="counter_unique")]
