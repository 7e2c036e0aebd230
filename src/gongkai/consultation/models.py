"""征求意见 (public consultation on drafts) and 建议提案办理 (deputies' suggestions and members'
proposals, and the publication of their results).

A Consultation is published with its draft, basis and explanation for a period (rules.py); the
public's Comments are kept whole and shown only to the agency's staff; after the period the agency
publishes how the comments were taken up (意见采纳情况). A Suggestion is registered, answered, and its
result published within the agency's term (Organisation.suggestion_result_working_days).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        OPEN = "open", "已发布"
        CLOSED = "closed", "已截止"
        CONCLUDED = "concluded", "已公布采纳情况"

    class Kind(models.TextChoices):
        GENERAL = "general", "一般事项（含重大行政决策）"
        NORMATIVE_DOCUMENT = "normative_document", "行政规范性文件"

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.PROTECT, related_name="consultations")
    department = models.ForeignKey("orgs.Department", verbose_name="起草处室", null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField("征求意见稿名称", max_length=300)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    draft_text = models.TextField("征求意见稿全文")
    basis = models.TextField("起草依据", blank=True)
    explanation = models.TextField("起草说明")
    opens_on = models.DateField("征求意见开始日期")
    closes_on = models.DateField("征求意见截止日期")
    short_reason = models.TextField("期限少于30日的理由", blank=True)
    feedback = models.CharField("其他反馈方式", max_length=300, blank=True, help_text="如电子邮箱、通信地址")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("截止办理时间", null=True, blank=True)
    result_text = models.TextField("意见采纳情况", blank=True)
    result_published_on = models.DateField("采纳情况公布日期", null=True, blank=True)
    # Kept by services.comment_submit in the same transaction as the comment: a page with 10,000
    # comments shows their number without counting them.
    comment_count = models.PositiveIntegerField("收到意见数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-opens_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "closes_on"], name="consultation_status_closes"),
            models.Index(fields=["org", "status", "opens_on"], name="consultation_org_status_opens"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


def comment_attachment_path(instance: "Comment", filename: str) -> str:
    return f"consultations/{instance.attachment_sha256[:2]}/{instance.attachment_sha256}/{filename}"


class Comment(models.Model):
    """One comment from the public. Never shown on the portal; name and contact are optional."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    submitted_at = models.DateTimeField("提交时间")
    name = models.CharField("姓名或单位", max_length=120, blank=True)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    body = models.TextField("意见建议")
    attachment = models.FileField(upload_to=comment_attachment_path, max_length=300, blank=True)
    attachment_name = models.CharField("附件名", max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(default=0)
    attachment_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation} · 第{self.pk}条"


class Suggestion(models.Model):
    """A 人大代表建议 or 政协委员提案 handled by the agency, its reply and the publication of its result."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", "人大代表建议"
        MEMBER = "member", "政协委员提案"

    class Status(models.TextChoices):
        REGISTERED = "registered", "办理中"
        REPLIED = "replied", "已答复"
        PUBLISHED = "published", "已公开办理结果"

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.PROTECT, related_name="suggestions")
    number = models.CharField("编号", max_length=120)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    title = models.CharField("标题", max_length=300)
    proposer = models.CharField("领衔人", max_length=120, blank=True)
    department = models.ForeignKey("orgs.Department", verbose_name="承办处室", null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REGISTERED)
    reply = models.TextField("答复全文", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    summary = models.TextField("办理结果摘要", blank=True)
    result_published_on = models.DateField("办理结果公开日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "建议提案"
        verbose_name_plural = "建议提案"
        ordering = ["-replied_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="suggestion_number_unique_in_org")]
        indexes = [
            # The public list by year and the annual report's count both read results by publication date.
            models.Index(fields=["org", "result_published_on", "kind"], name="suggestion_org_result"),
            models.Index(fields=["result_published_on"], name="suggestion_result_on"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_published(self) -> bool:
        return self.result_published_on is not None
