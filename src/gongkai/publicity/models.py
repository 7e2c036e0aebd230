"""The agency's publicity registers (issue 7): press and outreach events (新闻发布、访谈、培训), its
channels and what went out on each (政务新媒体), and information submitted to higher bodies (信息报送)
with its adoption. The annual report's `activity` block is counted from these tables
(reports/annual.py); codes are those of import-format.md."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class EventKind(models.TextChoices):
    PRESS_CONFERENCE = "press_conference", "自主举办新闻发布会"
    NEWS_OFFICE_CONFERENCE = "news_office_conference", "协调政府新闻办召开的发布会"
    ONLINE_INTERVIEW = "online_interview", "在线访谈"
    RADIO_HOTLINE = "radio_hotline", "电台/电视热线"
    TRAINING_HELD = "training_held", "自主召开的培训会"
    TRAINING_ATTENDED = "training_attended", "参加的培训"


PRESS_KINDS = (EventKind.PRESS_CONFERENCE, EventKind.NEWS_OFFICE_CONFERENCE, EventKind.ONLINE_INTERVIEW,
               EventKind.RADIO_HOTLINE)
TRAINING_KINDS = (EventKind.TRAINING_HELD, EventKind.TRAINING_ATTENDED)


class Event(models.Model):
    """A press conference, interview, hotline or training session, held on one day."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("类别", max_length=24, choices=EventKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("主题", max_length=300)
    speakers = models.CharField("发布人/参加人", max_length=300, blank=True)
    url = models.URLField("链接", max_length=500, blank=True, help_text="实录或报道的网址")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "新闻发布与培训"
        verbose_name_plural = "新闻发布与培训"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["org", "held_on", "kind"], name="event_org_held_kind")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Channel(models.Model):
    """A channel the agency publishes on: its website, 官方微博, 微信公众号, or one of its own. It runs
    until an administrator closes it (closed_on); self-inspection reads which channels run."""

    class Kind(models.TextChoices):
        WEBSITE = "website", "门户网站"
        NEW_MEDIA = "new_media", "政务新媒体"

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="channels")
    code = models.SlugField("渠道代码", max_length=40, help_text="稳定的英文代码，如 weibo、wechat、douyin")
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.NEW_MEDIA)
    url = models.URLField("网址", max_length=500, blank=True)
    opened_on = models.DateField("开通日期", null=True, blank=True)
    closed_on = models.DateField("关停日期", null=True, blank=True, help_text="为空表示仍在运行")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "发布渠道"
        verbose_name_plural = "发布渠道"
        ordering = ["org", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="channel_code_unique_in_org")]

    def __str__(self) -> str:
        return self.name

    def runs_on(self, day) -> bool:
        return self.closed_on is None or self.closed_on > day


class Post(models.Model):
    """Something that went out on a new-media channel, optionally carrying a catalogue item."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="posts")
    channel = models.ForeignKey(Channel, verbose_name="渠道", on_delete=models.PROTECT, related_name="posts")
    posted_on = models.DateField("发布日期")
    title = models.CharField("标题", max_length=300)
    url = models.URLField("链接", max_length=500, blank=True)
    item = models.ForeignKey("catalog.Item", verbose_name="对应条目", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="posts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "新媒体发布"
        verbose_name_plural = "新媒体发布"
        ordering = ["-posted_on", "-pk"]
        indexes = [models.Index(fields=["org", "posted_on", "channel"], name="post_org_posted_channel"),
                   models.Index(fields=["channel", "posted_on"], name="post_channel_posted")]

    def __str__(self) -> str:
        return f"{self.posted_on} {self.title}"


class Submission(models.Model):
    """A piece of information (a catalogue item or a text) submitted to a receiving body: an
    organisation of the tree, whose staff then see it and may mark it adopted, or an outside body
    (an Organisation without staff in Gongkai, e.g. MOST), whose adoption the sender records."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报送"
        ADOPTED = "adopted", "已采用"

    org = models.ForeignKey("orgs.Organisation", verbose_name="报送机关", on_delete=models.CASCADE,
                            related_name="submissions")
    department = models.ForeignKey("orgs.Department", verbose_name="报送处室", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="submissions")
    body = models.ForeignKey("orgs.Organisation", verbose_name="报送对象", on_delete=models.PROTECT,
                             related_name="received_submissions")
    title = models.CharField("标题", max_length=300)
    text = models.TextField("内容", blank=True)
    item = models.ForeignKey("catalog.Item", verbose_name="对应条目", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="submissions")
    submitted_on = models.DateField("报送日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    adopted_on = models.DateField("采用日期", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="adopted", adopted_on__isnull=False) | Q(status="submitted", adopted_on__isnull=True)),
                name="submission_adopted_has_date"),
            models.CheckConstraint(condition=Q(adopted_on__isnull=True) | Q(adopted_on__gte=F("submitted_on")),
                                   name="submission_adopted_not_before_submitted"),
            models.CheckConstraint(condition=~Q(body=F("org")), name="submission_not_to_itself"),
        ]
        indexes = [models.Index(fields=["org", "submitted_on", "body", "status"], name="submission_org_sent_body"),
                   models.Index(fields=["body", "status", "submitted_on"], name="submission_body_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED
