"""Forms of the public side of applications: the online application, the tracking query, the
choice of a quarter. The rules of what an application must contain live in validation.py; the form
only parses what was typed, maps it onto the service's fields and puts each rule's message back
beside the field the person typed it in."""
from __future__ import annotations

import secrets

import filetype
from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import ApplicantType, Delivery, IdType, ProvisionForm
from .validation import applicant_problems

PERSON, ORGANISATION = "person", "organisation"
ORG_TYPES = [(t.value, t.label) for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]
MAX_FILES = 5
# The public may attach PDF files and pictures (scans of a document, a photo of a notice).
PUBLIC_ATTACHMENT_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}

TOKEN_SALT = "gongkai.applications.apply-form"
TOKEN_MAX_AGE = 24 * 3600  # a form may stay open a day while someone looks up a document number


def form_token_new() -> str:
    """A signed one-time token for one filling-in of the form (see public_views.apply)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(secrets.token_urlsafe(16))


def form_token_valid(token: str) -> bool:
    try:
        signing.TimestampSigner(salt=TOKEN_SALT).unsign(token or "", max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; cleans to a list (empty when none)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def _text(label: str, max_length: int, **attrs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False,
                           widget=forms.TextInput(attrs=attrs) if attrs else None)


class ApplyForm(forms.Form):
    """政府信息公开申请表. Which fields are required depends on the applicant's kind and the chosen
    delivery, so `required` is decided by validation.applicant_problems, shared with the API."""

    applicant_kind = forms.ChoiceField(label="申请人类型", choices=[(PERSON, "自然人"), (ORGANISATION, "法人或其他组织")],
                                       widget=forms.RadioSelect, initial=PERSON)
    # 自然人
    name = _text("姓名", 60, autocomplete="name")
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT_ID, required=False)
    id_number = _text("证件号码", 40, autocomplete="off", spellcheck="false")
    # 法人或其他组织
    org_name = _text("单位名称", 120, autocomplete="organization")
    org_type = forms.ChoiceField(label="单位类型", choices=[("", "请选择")] + ORG_TYPES, required=False)
    credit_code = _text("统一社会信用代码", 18, autocomplete="off", spellcheck="false")
    legal_representative = _text("法定代表人", 60)
    contact_name = _text("联系人姓名", 60)
    # 联系方式
    phone = _text("联系电话", 30, autocomplete="tel", inputmode="tel")
    email = forms.CharField(label="电子邮箱", max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = _text("通信地址", 200, autocomplete="street-address")
    postcode = _text("邮政编码", 10, autocomplete="postal-code", inputmode="numeric")
    # 所需信息
    subject = forms.CharField(label="所需政府信息的内容描述", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请写明信息的名称、文号或者便于行政机关查询的其他特征描述（条例第二十九条）。")
    purpose = forms.CharField(label="用途（选填）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    provision_form = forms.ChoiceField(label="所需信息的提供形式", choices=ProvisionForm.choices, widget=forms.RadioSelect,
                                       initial=ProvisionForm.EMAIL, required=False)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices, widget=forms.RadioSelect,
                                 initial=Delivery.EMAIL, required=False)
    attachments = MultipleFileField(label="附件（选填）", required=False, help_text=(
        f"可上传身份证明、相关文件等，PDF 或图片（PNG、JPEG、TIFF），最多 {MAX_FILES} 个，"
        f"每个不超过 {settings.GONGKAI_MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB。"))
    # Anti-abuse: a one-time token against double submission, and a field people never see.
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(label="网址（请勿填写此项）", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"

    @property
    def is_organisation(self) -> bool:
        value = self.data.get("applicant_kind") if self.is_bound else self.initial.get("applicant_kind")
        return value == ORGANISATION

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def clean_attachments(self) -> list[tuple[str, bytes]]:
        """Cheap checks before anything is stored; services.document_add checks again, by content."""
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"最多上传 {MAX_FILES} 个附件")
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        result = []
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(f"文件“{upload.name}”超过 {limit // (1024 * 1024)} MB")
            content = upload.read()
            guessed = filetype.guess(content)
            if not guessed or guessed.mime not in PUBLIC_ATTACHMENT_TYPES:
                raise forms.ValidationError(f"文件“{upload.name}”不是 PDF 或图片（按文件内容判断），请重新选择")
            result.append((upload.name, content))
        return result

    def service_data(self) -> dict:
        """The fields of services.application_submit_online, from what was typed: only those of the
        chosen kind of applicant (without JavaScript both parts of the form are shown)."""
        c = self.cleaned_data
        common = {k: c.get(k, "") for k in ("phone", "email", "address", "postcode", "subject", "purpose",
                                            "provision_form", "delivery")}
        common["provision_form"] = common["provision_form"] or ProvisionForm.EMAIL
        common["delivery"] = common["delivery"] or Delivery.EMAIL
        if c.get("applicant_kind") == ORGANISATION:
            return {**common, "applicant_type": c.get("org_type", ""), "applicant_name": c.get("org_name", ""),
                    "credit_code": c.get("credit_code", ""), "legal_representative": c.get("legal_representative", ""),
                    "contact_name": c.get("contact_name", "")}
        return {**common, "applicant_type": ApplicantType.NATURAL_PERSON, "applicant_name": c.get("name", ""),
                "id_type": c.get("id_type", ""), "id_number": c.get("id_number", "")}

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Puts the messages of validation.py (keyed by the service's fields) beside the form's fields."""
        organisation = self.cleaned_data.get("applicant_kind") == ORGANISATION
        names = {"applicant_name": "org_name" if organisation else "name",
                 "applicant_type": "org_type" if organisation else "applicant_kind"}
        for key, message in errors.items():
            target = names.get(key, key)
            if target in self.fields and target not in self.errors:
                self.add_error(target, message)
            elif target not in self.fields:
                self.add_error(None, message)

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("applicant_kind"):
            return cleaned
        data = self.service_data()
        if cleaned.get("applicant_kind") == ORGANISATION and not data["applicant_type"]:
            self.add_error("org_type", "请选择单位类型")
            data["applicant_type"] = ApplicantType.OTHER_ORG  # to check the rest of the form all the same
        # Every rule's message at once, so that one round trip shows all that needs fixing.
        self.add_service_errors(applicant_problems(data))
        return cleaned


class TrackForm(forms.Form):
    number = forms.CharField(label="登记编号", max_length=40, error_messages={"required": "请填写登记编号"},
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                             help_text="例如 2026-00001")
    query_code = forms.CharField(label="查询码", max_length=16, error_messages={"required": "请填写查询码"},
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                               "autocapitalize": "characters"}),
                                 help_text="提交申请后显示的8位字母数字组合，不区分大小写")


FIRST_YEAR = 2008  # the 2007 regulation took effect on 2008-05-01


def last_complete_quarter(today=None) -> tuple[int, int]:
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3  # the current quarter, 1-based, minus one
    return (today.year, quarter) if quarter else (today.year - 1, 4)


class QuarterForm(forms.Form):
    """?year=&quarter=; anything missing, malformed or not yet complete falls back to the last
    complete quarter rather than an error page."""

    year = forms.TypedChoiceField(label="年份", coerce=int, required=False)
    quarter = forms.TypedChoiceField(label="季度", coerce=int, required=False,
                                     choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")])

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["year"].choices = [(y, f"{y}年") for y in range(self.today.year, FIRST_YEAR - 1, -1)]

    def chosen(self) -> tuple[int, int, bool]:
        """(year, quarter, whether the asked-for quarter was replaced by the default)."""
        default = last_complete_quarter(self.today)
        asked = bool(self.data.get("year") or self.data.get("quarter"))
        if not self.is_valid() or not self.cleaned_data.get("year") or not self.cleaned_data.get("quarter"):
            return (*default, asked)
        chosen = (self.cleaned_data["year"], self.cleaned_data["quarter"])
        return (*chosen, False) if chosen <= default else (*default, True)
