"""Background work (decision 0054): a Job is what a person waits for (state, progress, result, error
in Chinese); a Mail is an e-mail in the outbox, sent by a worker exactly once; a PeriodicLock lets one
server of many run a periodic command."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    """One piece of background work that someone started and may watch (the progress page)."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队等待"
        RUNNING = "running", "正在进行"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=60)
    title = models.CharField("名称", max_length=200)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", null=True, blank=True)
    params = models.JSONField("参数", default=dict)
    result = models.JSONField("结果", default=dict, blank=True)
    # An export's file (default storage); downloaded through the progress page, never a public address.
    result_file = models.CharField("结果文件", max_length=300, blank=True)
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    ran_by = models.CharField("执行进程", max_length=120, blank=True)  # host:pid of the last attempt
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_by_creator")]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)


class Mail(models.Model):
    """An e-mail in the outbox. Written in the transaction of the change that causes it (so a rolled-
    back change sends nothing); a worker claims it queued → sending with a conditional UPDATE, so a
    retried or repeated task never sends it twice."""

    class State(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    subject = models.CharField("主题", max_length=300)
    body = models.TextField("正文")
    recipients = models.JSONField("收件人", default=list)
    from_email = models.CharField("发件人", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发邮件"
        verbose_name_plural = "待发邮件"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="mail_by_state")]

    def __str__(self) -> str:
        return self.subject


class PeriodicLock(models.Model):
    """The claim of a periodic command (`gongkai remind`, `purge`, `audit checkpoint` …) across every
    server: taken with a conditional UPDATE while `locked_until` has passed; held while it runs and for
    GONGKAI_PERIODIC_QUIET_SECONDS after, so that the same cron tick on another server does not run it
    again. A crashed holder's claim lapses at `locked_until`."""

    name = models.CharField("命令", max_length=60, primary_key=True)
    holder = models.CharField("持有者", max_length=120, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    runs = models.PositiveIntegerField("运行次数", default=0)
    last_started_at = models.DateTimeField("最近开始", null=True, blank=True)
    last_finished_at = models.DateTimeField("最近结束", null=True, blank=True)
    last_outcome = models.CharField("最近结果", max_length=300, blank=True)

    class Meta:
        verbose_name = "定时任务锁"
        verbose_name_plural = "定时任务锁"

    def __str__(self) -> str:
        return self.name
