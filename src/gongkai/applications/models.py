"""依申请公开: an application from receipt to written reply, with the legal clock.

The clock's inputs are stored (date of receipt, date the correction arrived, pauses, extension);
its outputs (due dates) are stored too, for queues and reminders, and recomputed by one function
(`clock.application_recompute`) whenever an input or the calendar changes.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.crypto import EncryptedTextField, blind_index

from .identity import MASKS
from .outcomes import Outcome


class MaskedField(models.TextField):
    """The masked form of another field, computed whenever the row is written — by save() (a partial
    save includes it when its source is saved, see Application.save) and by bulk_create, both of
    which call pre_save. Writes that bypass them (the import's executemany, update()) set it through
    `masked_values`. Not secret: it shows no more than a list may."""

    def __init__(self, *args, source: str = "", mask: str = "", **kwargs):
        self.source, self.mask = source, mask
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("blank", None)
        kwargs.pop("editable", None)
        return name, path, args, {**kwargs, "source": self.source, "mask": self.mask}

    def pre_save(self, instance, add):
        value = mask_value(self.mask, getattr(instance, self.source))
        setattr(instance, self.attname, value)
        return value


def mask_value(mask: str, value) -> str:
    return MASKS[mask](value) if value else ""


def masked_values(values: dict) -> dict:
    """The masks of the encrypted values in VALUES (field name → plain text), for raw writes."""
    return {name: mask_value(mask, values[source]) for name, source, mask in MASKED_FIELDS if source in values}


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    LETTER = "letter", "信函"
    EMAIL = "email", "电子邮件"
    IN_PERSON = "in_person", "当面提交"
    FAX = "fax", "传真"


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    SOCIAL_WELFARE = "social_welfare", "社会公益组织"
    LEGAL_SERVICES = "legal_services", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_RESIDENCE = "foreign_residence", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证件"


class ProvisionForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISK = "disk", "光盘/磁盘"
    ON_SITE = "on_site", "当场阅读、抄录"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"
    FAX = "fax", "传真"


class Application(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记，办理中"
        AWAITING_CORRECTION = "awaiting_correction", "待申请人补正"
        CONSULTING = "consulting", "征求第三方/其他机关意见中"
        AWAITING_FEE = "awaiting_fee", "待申请人缴费"
        DECISION_PENDING = "decision_pending", "答复待审批"
        CLOSED = "closed", "已办结"

    OPEN_STATUSES = (Status.REGISTERED, Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_FEE, Status.DECISION_PENDING)

    org = models.ForeignKey("orgs.Organisation", verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications")
    number = models.CharField("登记编号", max_length=40)
    # Only a keyed hash of the query code is kept (decision 0025): the applicant is told the code once.
    query_code_hash = models.CharField("查询码（哈希）", max_length=64)
    channel = models.CharField("申请方式", max_length=12, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    regime = models.CharField("适用条例", max_length=4, default="2019")

    applicant_type = models.CharField("申请人类型", max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=120, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    # Personal data encrypted at rest (decision 0025); matched through the keyed blind indexes below.
    id_number = EncryptedTextField("证件号码", blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=60, blank=True)
    contact_name = models.CharField("联系人", max_length=60, blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # What staff lists and pages show (520***********123X, 138****5678, zh***@example.com, 贵州省贵阳市****),
    # kept beside the encrypted values at every write: a queue of a thousand cases would otherwise
    # decrypt two thousand values only to hide most of each (reading the full value is
    # services.personal_data_reveal, recorded).
    id_masked = MaskedField("证件号码（遮盖）", source="id_number", mask="id")
    phone_masked = MaskedField("联系电话（遮盖）", source="phone", mask="phone")
    email_masked = MaskedField("电子邮箱（遮盖）", source="email", mask="email")
    address_masked = MaskedField("通信地址（遮盖）", source="address", mask="address")
    personal_data_erased_on = models.DateField("个人信息删除日期", null=True, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    subject = models.TextField("所需政府信息的内容描述")
    purpose = models.TextField("用途（选填）", blank=True)
    provision_form = models.CharField("提供形式", max_length=10, choices=ProvisionForm.choices, default=ProvisionForm.EMAIL)
    delivery = models.CharField("获取方式", max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REGISTERED)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    # The clock (条例第三十条、第三十三条): inputs …
    correction_requested_on = models.DateField("补正通知日期", null=True, blank=True)
    correction_term_on = models.DateField("补正期限", null=True, blank=True)
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    extended_on = models.DateField("延期批准日期", null=True, blank=True)
    # … and outputs, recomputed by clock.application_recompute.
    due_on = models.DateField("答复期限", null=True, blank=True)
    extended_due_on = models.DateField("延长后的答复期限", null=True, blank=True)
    effective_due_on = models.DateField("当前答复期限", null=True, blank=True, db_index=True)
    calendar_warning = models.CharField("日历提示", max_length=200, blank=True)

    outcome = models.CharField("办理结果", max_length=32, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_yuan = models.PositiveIntegerField("收费金额（元）", default=0)

    flag_possible_repeat = models.ForeignKey("self", verbose_name="疑似重复申请", null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")
    flag_excessive = models.BooleanField("疑似大量反复申请（第三十五条）", default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="application_number_unique_in_org"),
            models.CheckConstraint(
                condition=Q(status="closed", outcome__gt="", closed_on__isnull=False) | ~Q(status="closed"),
                name="closed_application_has_outcome_and_date",
            ),
        ]
        indexes = [
            # The annual report counts by (org, received) and (org, closed) with type and outcome.
            models.Index(fields=["org", "received_on", "applicant_type", "outcome"], name="app_org_received"),
            models.Index(fields=["org", "closed_on", "applicant_type", "outcome"], name="app_org_closed"),
            models.Index(fields=["org", "status", "effective_due_on"], name="app_org_status_due"),
            models.Index(fields=["handler", "status", "effective_due_on"], name="app_handler_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    def save(self, *args, **kwargs):
        # The blind indexes follow the encrypted values they stand for (no query: a computed column).
        self.id_number_index = blind_index("id", self.id_number)
        self.phone_index = blind_index("phone", self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # A partial save writes the index and the mask of each encrypted value it writes.
            extra = {name for source, names in DERIVED_FIELDS.items() if source in update_fields for name in names}
            if extra:
                kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)

    @property
    def query_code(self) -> str:
        """The code in the clear: only on the instance that made it (to tell the applicant once)."""
        return getattr(self, "_query_code", "")

    @query_code.setter
    def query_code(self, code: str) -> None:
        self._query_code = code
        self.query_code_hash = query_code_digest(code)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


MASKED_FIELDS = tuple((f.name, f.source, f.mask) for f in Application._meta.concrete_fields if isinstance(f, MaskedField))
DERIVED_FIELDS = {"id_number": ("id_number_index", "id_masked"), "phone": ("phone_index", "phone_masked"),
                  "email": ("email_masked",), "address": ("address_masked",)}


def query_code_digest(code: str) -> str:
    """The keyed hash a query code is kept and looked up as (case and spaces do not matter)."""
    return blind_index("query-code", code)


class Pause(models.Model):
    """A span whose working days are not counted: consultation of a third party (第三十二条) or another
    agency (第三十四条), or a fee notice until payment (国办函〔2020〕109号, a setting)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "征求第三方意见"
        OTHER_AGENCY = "other_agency", "征求其他机关意见"
        FEE = "fee", "收费通知至缴费"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    party = models.CharField("被征求意见方", max_length=120, blank=True)
    answer_due_on = models.DateField("对方答复期限", null=True, blank=True)  # 第三十二条: 15 working days
    fee_yuan = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "计时中止"
        verbose_name_plural = "计时中止"
        ordering = ["start_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(end_on__isnull=True), name="one_running_pause"),
        ]


class Event(models.Model):
    """One step of the case, shown to staff; `public` steps also on the applicant's tracking page."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "收到申请"
        REGISTERED = "registered", "登记受理"
        ASSIGNED = "assigned", "指定承办人"
        CORRECTION_REQUESTED = "correction_requested", "告知补正"
        CORRECTED = "corrected", "收到补正"
        CONSULTATION_STARTED = "consultation_started", "征求意见"
        CONSULTATION_ENDED = "consultation_ended", "征求意见结束"
        EXTENDED = "extended", "延长答复期限"
        FEE_NOTICE = "fee_notice", "发出收费通知"
        FEE_PAID = "fee_paid", "缴纳费用"
        DECISION_DRAFTED = "decision_drafted", "拟定答复"
        DECISION_RETURNED = "decision_returned", "答复退回修改"
        REPLIED = "replied", "作出答复"
        CLOSED = "closed", "办结"
        RECOMPUTED = "recomputed", "期限重新计算"
        PERSONAL_DATA_VIEWED = "personal_data_viewed", "查看完整个人信息"
        REMINDER = "reminder", "到期提醒"
        NOTE = "note", "备注"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    public = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "at", "pk"]
        indexes = [models.Index(fields=["application", "kind"])]


def upload_path(instance, filename: str) -> str:
    return f"applications/{instance.application.org_id}/{instance.application_id}/{instance.sha256[:16]}-{filename}"


class Document(models.Model):
    """A file of the case: the applicant's attachments, scans of a letter, the redacted material
    of a partial disclosure, the reply letter. Never served but through a permission check."""

    class Kind(models.TextChoices):
        APPLICANT_ATTACHMENT = "applicant", "申请人附件"
        SCAN = "scan", "来件扫描件"
        REDACTED = "redacted", "区分处理后的公开材料"
        LETTER = "letter", "答复告知书"
        NOTICE = "notice", "通知书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to=upload_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    public = models.BooleanField("申请人可在查询页下载", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请文书"
        verbose_name_plural = "申请文书"
        ordering = ["created_at", "pk"]


class Decision(models.Model):
    """The reply drafted by staff and approved by the 公开主管 (第三十六条)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待审批"
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "已批准"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField("办理结果", max_length=32, choices=Outcome.choices)
    legal_basis = models.CharField("法律依据", max_length=200, blank=True)
    reply_text = models.TextField("答复正文")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "答复决定"
        verbose_name_plural = "答复决定"
        ordering = ["drafted_at", "pk"]


class LetterTemplate(models.Model):
    """The wording of a letter (文书), one per kind — the notices of the steps (补正、延期、征求第三方意见、
    收费) and the reply letter (告知书) of each reply type of 第三十六条; editable by admins.
    Placeholders (letters.PLACEHOLDERS): {applicant} {you} {org} {number} {received_on} {subject}
    {issued_on} {contact}; replies {reply_text} {legal_basis} {rights}; 补正 {what} {term_on}; 延期 {reason}
    {extended_due_on}; 征求意见 {party} {answer_due_on}; 收费 {fee_yuan} {basis} {pay_by}."""

    letter_type = models.CharField("文书类型", max_length=24, unique=True)
    title = models.CharField("标题", max_length=80)
    body = models.TextField("正文模板")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return self.title


class LetterSettings(models.Model):
    """What an agency prints on its letters: the 文号 pattern, the 复议机关 and the court named in the
    notice of rights (条例第五十一条), the contact person and telephone."""

    org = models.OneToOneField("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE,
                               related_name="letter_settings")
    number_prefix = models.CharField("机关代字", max_length=20, blank=True, help_text="文号中的机关代字，如“黔科”；不填时用机关简称")
    number_pattern = models.CharField(
        "文号格式", max_length=80, default="{prefix}依申{series}〔{year}〕{serial}号",
        help_text="可用 {prefix}（机关代字）、{series}（文书代字：复、补、延、征、费）、{year}、{serial}；每类文书每年单独编号")
    reconsideration_body = models.CharField("行政复议机关", max_length=120, blank=True, help_text="如“贵州省人民政府”")
    court = models.CharField("行政诉讼管辖法院", max_length=120, blank=True, help_text="如“贵阳市中级人民法院”")
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.org}的文书设置"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if "{serial" not in self.number_pattern:
            raise ValidationError({"number_pattern": "文号格式必须包含 {serial}，否则无法保证文号不重复"})
        try:
            self.number_pattern.format(prefix="黔科", series="复", year=2026, serial=1)
        except (KeyError, ValueError, IndexError) as e:
            raise ValidationError({"number_pattern": f"文号格式无效：{e}"}) from None


class Letter(models.Model):
    """A letter issued in a case, with its 文号 and the text exactly as issued; DOCX and PDF are drawn
    from this text whenever they are downloaded, so the two always say the same."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "补正告知书"
        EXTENSION = "extension", "延期答复告知书"
        CONSULTATION = "consultation", "征求第三方意见函"
        FEE = "fee", "收费通知书"
        REPLY = "reply", "答复告知书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书", max_length=14, choices=Kind.choices)
    letter_type = models.CharField("模板", max_length=24)
    year = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField("文号", max_length=80)
    issued_on = models.DateField("成文日期")
    recipient = models.CharField("主送", max_length=200)
    title = models.CharField("标题", max_length=80)
    lines = models.JSONField("正文", default=list)  # [[style, text], …] — letters.compose
    public = models.BooleanField("申请人可在查询页下载", default=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "kind", "year", "serial"], name="letter_serial_unique"),
            models.UniqueConstraint(fields=["org", "number"], name="letter_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Reminder(models.Model):
    """A reminder sent (or being sent) for a case on a day. The unique row is the claim: two runs of
    the reminder command at once cannot both insert it, so nobody is reminded twice."""

    class Level(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已超期"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    on = models.DateField()
    level = models.CharField(max_length=10, choices=Level.choices)
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "到期提醒"
        verbose_name_plural = "到期提醒"
        constraints = [models.UniqueConstraint(fields=["application", "on", "level"], name="one_reminder_a_day")]
