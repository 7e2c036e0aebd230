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


class IdempotencyKey(models.Model):
    """One public submission per key (decision 0023): the portal form's one-time token, or the API's
    Idempotency-Key header. The unique row is taken in the submission's own transaction, so two posts
    of one key — a double click, a resend after a lost answer, on any number of workers — make one
    record, and the second gets the first one's receipt (kept encrypted: it holds the query code)."""

    key = models.CharField(max_length=64, unique=True)  # SHA-256 of scope and key, not the key itself
    scope = models.CharField(max_length=30)
    fingerprint = models.CharField(max_length=64, blank=True)  # of the payload: a key reused for another is refused
    receipt = models.TextField(blank=True)  # encrypted JSON (gongkai.core.crypto)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "防重复提交记录"
        verbose_name_plural = "防重复提交记录"


class ThrottleCounter(models.Model):
    """A rate-limit window's count, when no Redis is configured (applications/throttle.py): raised by
    one INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic on SQLite and PostgreSQL alike."""

    bucket = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"


class PageGeneration(models.Model):
    """The portal's page generation (core/pagecache.py, decision 0046) when no Redis is configured:
    one row, raised after every commit that changed what public pages show. A cached page is served
    only while the generation it was rendered at is still the current one, in every worker at once."""

    scope = models.CharField(max_length=40, primary_key=True)
    # Microseconds since the epoch, or one more than before when the clock lags: always rising, and
    # a time, so that a lost value can be restarted from the clock without ever going back.
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "页面缓存代次"
        verbose_name_plural = "页面缓存代次"
