"""回应关切: the public's messages to the agency through its channels, and the agency's replies.

A Channel is data: six built-in ones (org empty: every agency has them) that an agency may rename or
close with a row of its own carrying the same code, and channels of its own with new codes. A Message
stores its channel as that code, so counts by channel (the annual report) need no join.

Nothing the public submits is lost: a submission that looks like spam is stored as HELD and waits in
a queue staff can release it from (or set aside as DISCARDED — still stored, not counted as valid).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

# The built-in channels of import-format.md, in the report's order: code → default name.
BUILT_IN_CHANNELS = {
    "mailbox": "厅长信箱",
    "consultation": "咨询投诉",
    "message_board": "留言板",
    "grassroots": "网络基层民意直通车",
    "social_media": "微博微信互动",
    "other": "其他",
}
DEFAULT_REPLY_TERM_WORKING_DAYS = 5


class Channel(models.Model):
    """A channel the public writes through. `org` empty: a built-in default shared by every agency;
    an agency's row with the same code overrides its name, order and whether it is open."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="message_channels", help_text="留空：所有机关共用的内置渠道")
    code = models.SlugField("渠道代码", max_length=40, help_text="英文代码，如 mailbox；与内置渠道同代码即为本机关的改名或关闭")
    name = models.CharField("渠道名称", max_length=60)
    is_open = models.BooleanField("接受网上留言", default=True, help_text="关闭后门户网站不再通过该渠道接收留言，已有留言照常办理")
    order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "留言渠道"
        verbose_name_plural = "留言渠道"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="message_channel_code_unique_in_org"),
            models.UniqueConstraint(fields=["code"], condition=Q(org__isnull=True), name="message_channel_code_unique_builtin"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.org or '内置'}）"


class MessageSettings(models.Model):
    """An agency's settings for messages: the reply term (答复期限) in working days."""

    org = models.OneToOneField("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE,
                               related_name="message_settings")
    reply_term_working_days = models.PositiveSmallIntegerField(
        "答复期限（工作日）", default=DEFAULT_REPLY_TERM_WORKING_DAYS,
        help_text="自收到留言之日起多少个工作日内答复（默认5个工作日）")

    class Meta:
        verbose_name = "留言办理设置"
        verbose_name_plural = "留言办理设置"

    def __str__(self) -> str:
        return f"{self.org}：{self.reply_term_working_days}个工作日"


class Message(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "疑似垃圾信息，待甄别"
        DISCARDED = "discarded", "已甄别为垃圾信息"
        RECEIVED = "received", "待分办"
        ASSIGNED = "assigned", "办理中"
        IN_REVIEW = "in_review", "答复待审核"
        RETURNED = "returned", "答复退回修改"
        REPLIED = "replied", "已答复"

    # Waiting for an answer from the agency (the queue, reminders, `message_unanswered`).
    OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW, Status.RETURNED)
    # Counted as genuine messages (self-inspection: a *valid* public message).
    VALID_STATUSES = (*OPEN_STATUSES, Status.REPLIED)

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.PROTECT, related_name="messages")
    number = models.CharField("编号", max_length=40)
    query_code = models.CharField("查询码", max_length=16, blank=True)
    channel = models.CharField("渠道", max_length=40)
    received_on = models.DateField("收到日期")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    writer_name = models.CharField("留言人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    is_public = models.BooleanField("同意公开", default=True, help_text="留言人要求不公开时为否：留言和答复都不在网站上公开")
    address_hash = models.CharField(max_length=64, blank=True, editable=False)  # who sent it, for spam review only

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.RECEIVED)
    held_reason = models.CharField("疑似原因", max_length=200, blank=True)
    department = models.ForeignKey("orgs.Department", verbose_name="承办处室", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("答复期限", null=True, blank=True)

    reply = models.TextField("答复内容", blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    return_reason = models.TextField("退回理由", blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    mailed_at = models.DateTimeField("答复邮件发送时间", null=True, blank=True)

    # What the portal shows: the question as staff cleaned it of personal data, and whether it is up.
    public_subject = models.CharField("公开标题", max_length=200, blank=True)
    public_body = models.TextField("公开内容", blank=True, help_text="去除个人信息后的留言内容，公开时显示")
    is_published = models.BooleanField("已在网站公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "网民留言"
        verbose_name_plural = "网民留言"
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="message_number_unique_in_org"),
            models.CheckConstraint(condition=~Q(status="replied") | Q(replied_on__isnull=False), name="replied_message_has_date"),
            # Never on the portal unless answered and the writer agreed.
            models.CheckConstraint(condition=Q(is_published=False) | Q(is_public=True, status="replied"),
                                   name="published_message_is_public_and_replied"),
        ]
        indexes = [
            models.Index(fields=["org", "status", "due_on"], name="msg_org_status_due"),
            # The annual report's replies by channel (replies_filter: answered, in the span): read from
            # the index alone, not from 25,000 heap rows a year of a 200,000-message register.
            models.Index(fields=["org", "status", "replied_on", "channel"], name="msg_org_replied"),
            # An agency's messages by the day received; on PostgreSQL with what the self-inspection
            # reads of each (inspection.facts.read_messages), so that its year of some 30,000
            # messages is read from the index: the heap's 2,300 pages cost 20 ms warm, 200 ms not.
            models.Index(fields=["org", "received_on"], include=["status", "replied_on", "id", "number"],
                         name="msg_org_received"),
            # The portal's Q&A list: newest answer first, of all agencies or one, of a channel or all.
            # is_published is a column too: without it SQLite reads the table to test the condition
            # even though the index holds only rows that meet it (decision 0043: covering indexes).
            models.Index(fields=["-replied_on", "-id", "is_published"], condition=Q(is_published=True), name="msg_published"),
            models.Index(fields=["org", "-replied_on", "-id", "is_published"], condition=Q(is_published=True),
                         name="msg_published_org"),
            models.Index(fields=["channel", "-replied_on", "-id", "is_published"], condition=Q(is_published=True),
                         name="msg_published_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Reminder(models.Model):
    """`gongkai remind`'s claim: one per message, day and level, so two runs never send twice."""

    class Level(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已超期"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    on = models.DateField()
    level = models.CharField(max_length=10, choices=Level.choices)
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "留言到期提醒"
        verbose_name_plural = "留言到期提醒"
        constraints = [models.UniqueConstraint(fields=["message", "on", "level"], name="message_reminder_once")]
