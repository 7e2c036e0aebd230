"""政府信息公开目录: items, their revisions under review, attachments, topics, the non-public catalogue.

An Item is what the public sees: its content fields are a copy of the revision last published.
A Revision is a version under the review chain (处室负责人签字 → 公开主管保密审查 → 信息员发布).
Revising a published item opens a new Revision; the public keeps seeing the Item's published copy
until that revision is published in turn.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Topic(models.Model):
    """主题分类 (the State Council's topic list; editable)."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    REGULATION = "regulation", "规章"
    NORMATIVE_DOCUMENT = "normative_document", "行政规范性文件"
    NOTICE = "notice", "通知公告"
    NEWS = "news", "工作动态"
    PLAN = "plan", "规划计划"
    BUDGET = "budget", "预决算"
    STATISTICS = "statistics", "统计信息"
    PROJECT_NOTICE = "project_notice", "公示公告"
    INTERPRETATION = "interpretation", "政策解读"
    OTHER = "other", "其他"


# Policy documents whose interpretation is drafted, signed off and published with them (谁起草、谁解读).
POLICY_KINDS = frozenset({Kind.REGULATION, Kind.NORMATIVE_DOCUMENT})


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class ItemContent(models.Model):
    """The fields of a catalogue entry (第十二条 and common practice), shared by Item and Revision."""

    title = models.CharField("信息名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="已净化的 HTML")
    body_text = models.TextField("正文纯文本", blank=True, editable=False)
    created_on = models.DateField("生成日期")
    document_number = models.CharField("文号", max_length=80, blank=True)
    topic = models.ForeignKey(Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    publisher = models.CharField("发布机构", max_length=120, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    department = models.ForeignKey(
        "orgs.Department", verbose_name="责任处室", null=True, blank=True, on_delete=models.PROTECT
    )
    # 政策解读 (kind = interpretation): the policy document it interprets, a video, questions and answers.
    # Its 图解 are its image attachments. Part of the content, so a change of link goes through review.
    interprets = models.ForeignKey(
        "catalog.Item", verbose_name="解读对象", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    video_url = models.URLField("视频解读链接", blank=True, max_length=500)
    qa = models.TextField("问答", blank=True, help_text="每个问题一行“问：……”，其答案一行或多行“答：……”")

    CONTENT_FIELDS = (
        "title", "summary", "body", "body_text", "created_on", "document_number", "topic_id", "kind",
        "validity", "repealed_on", "publisher", "keywords", "department_id", "interprets_id", "video_url", "qa",
    )

    class Meta:
        abstract = True

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("；", " ").replace(";", " ").split() if k]

    def qa_pairs(self) -> list[tuple[str, str]]:
        """The Q&A as (question, answer) pairs: a line starting 问 opens a question, the lines after
        it up to the next question are its answer (a leading 答 is dropped)."""
        pairs: list[list[str]] = []
        for line in self.qa.splitlines():
            line = line.strip()
            if not line:
                continue
            if line[0] == "问":
                pairs.append([line[1:].lstrip("：:、. ").strip(), ""])
            elif pairs:
                text = line[1:].lstrip("：:、. ").strip() if line[0] == "答" else line
                pairs[-1][1] = f"{pairs[-1][1]}\n{text}".strip()
        return [(q, a) for q, a in pairs]


class Item(ItemContent):
    class Status(models.TextChoices):
        UNPUBLISHED = "unpublished", "未发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    # No index of its own: every index below that starts with org serves a look-up by org.
    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.PROTECT, related_name="items",
                            db_index=False)
    index_number = models.CharField("索引号", max_length=80, null=True, blank=True, unique=True)
    status = models.CharField("公开状态", max_length=12, choices=Status.choices, default=Status.UNPUBLISHED)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    published_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "公开目录条目"
        verbose_name_plural = "公开目录条目"
        indexes = [
            # The portal lists published items newest first, within an agency or across all of them.
            models.Index(fields=["status", "published_on", "id"], name="item_status_pub"),
            models.Index(fields=["org", "status", "published_on"], name="item_org_status_pub"),
            models.Index(fields=["status", "topic", "published_on"], name="item_status_topic_pub"),
            models.Index(fields=["status", "kind", "published_on"], name="item_status_kind_pub"),
            models.Index(fields=["status", "department", "published_on"], name="item_status_dept_pub"),
            # The annual report counts an agency's 规章 and 规范性文件 issued, repealed and in force
            # (reports.annual.proactive_table) from this index alone: reading the ~110,000 rows of a
            # million-item catalogue took 0.35–0.9 s of the 2 s allowed (bench/RESULTS-applications.md).
            # INCLUDE is PostgreSQL's; elsewhere this is a plain partial index on (org, kind).
            models.Index(fields=["org", "kind"], include=["published_on", "repealed_on", "validity", "id"],
                         condition=Q(status="published", kind__in=["regulation", "normative_document"]), name="item_proactive"),
            # The self-inspection (inspection.facts), every statement of which stays under 50 ms for an
            # agency of 200,000 items: the last publication of each kind, one look-up each; the
            # published items page by page in id order with their published revision (index only on
            # PostgreSQL); and the few published bodies with a link in them, without reading the rest.
            models.Index(fields=["org", "status", "kind", "published_on"], name="item_org_kind_pub"),
            models.Index(fields=["org", "status", "id"], include=["published_revision"], name="item_org_status_id"),
            models.Index(fields=["org"], condition=Q(status="published", body__contains="href"), name="item_body_links"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Revision(ItemContent):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        DEPT_REVIEW = "dept_review", "待处室负责人审核"
        SECRECY_REVIEW = "secrecy_review", "待公开主管保密审查"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "待发布"
        SCHEDULED = "scheduled", "定时发布"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本取代"

    OPEN_STATUSES = (Status.DRAFT, Status.DEPT_REVIEW, Status.SECRECY_REVIEW, Status.RETURNED, Status.APPROVED, Status.SCHEDULED)

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号", default=1)
    status = models.CharField("审核状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    # 保密审查 (textguard): what the reviewer removed from the published copy — [{"text", "mode", "by",
    # "at"}] — and the 公开主管's written overrides of blocking findings — [{"findings", "reason", "by",
    # "at"}]. The revision's own fields keep the original: it is the internal record.
    redactions = models.JSONField("删除内容", default=list, blank=True, editable=False)
    guard_overrides = models.JSONField("保密审查放行记录", default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "版本"
        verbose_name_plural = "版本"
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique"),
            # At most one revision of an item is under way at a time.
            models.UniqueConstraint(
                fields=["item"], condition=Q(status__in=["draft", "dept_review", "secrecy_review", "returned", "approved", "scheduled"]),
                name="one_open_revision_per_item",
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="revision_status_publish_at")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ReviewStep(models.Model):
    """One step of the review chain: who did what, when, with what comment (shown as the item's history)."""

    class Action(models.TextChoices):
        CREATE = "create", "起草"
        EDIT = "edit", "修改"
        SUBMIT = "submit", "提交审核"
        DEPT_APPROVE = "dept_approve", "处室负责人签字同意"
        DEPT_RETURN = "dept_return", "处室负责人退回"
        SECRECY_APPROVE = "secrecy_approve", "公开主管保密审查通过"
        SECRECY_RETURN = "secrecy_return", "公开主管退回"
        SCHEDULE = "schedule", "设定定时发布"
        UNSCHEDULE = "unschedule", "取消定时发布"
        PUBLISH = "publish", "发布"
        WITHDRAW = "withdraw", "撤回"
        REVISE = "revise", "开始修订"
        IMPORT = "import", "导入"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="steps")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    at = models.DateTimeField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}/{filename}"


def public_attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/redacted/{filename[:2]}/{filename}"


class Attachment(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # The file's text (textguard.extract), read once on upload: the guard scans it, search indexes it.
    text = models.TextField("文字内容", blank=True, editable=False)
    text_status = models.CharField("文字提取", max_length=10, blank=True, editable=False,
                                   choices=[("ok", "已提取"), ("review", "需人工审查")])
    text_note = models.CharField("提取说明", max_length=200, blank=True, editable=False)
    # What the public gets when the published copy differs from the file (a redacted PDF), and the
    # published text (redactions applied); set when the revision is published.
    public_file = models.FileField(upload_to=public_attachment_path, max_length=300, blank=True, editable=False)
    public_text = models.TextField("公开文字内容", blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name

    @property
    def published_file(self):
        """The file the public downloads: the redacted copy when there is one."""
        return self.public_file if self.public_file else self.file


class NonPublicCategory(models.Model):
    """不予公开目录: a category of information the agency does not disclose, and the article it rests on."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="non_public_categories")
    name = models.CharField("类别", max_length=120)
    description = models.TextField("说明", blank=True)
    basis = models.CharField("依据", max_length=200, help_text="例如：《政府信息公开条例》第十四条")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["org", "order", "pk"]
        verbose_name = "不予公开目录"
        verbose_name_plural = "不予公开目录"

    def __str__(self) -> str:
        return self.name
