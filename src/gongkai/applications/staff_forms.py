"""Forms of the staff side of applications (依申请公开, workbench): they parse what staff typed; the
rules (who may, by when, which status) are the services', whose Chinese messages are shown as they are."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.conf import settings

from gongkai.workbench.forms import DATE, MultipleFileField

from .models import ApplicantType, Channel, Delivery, IdType, Pause, ProvisionForm
from .outcomes import LEGAL_BASIS, Outcome
from .validation import applicant_problems


class DescribedErrors:
    """Every field with an error gets aria-invalid and aria-describedby pointing at its message (and
    its help text), so a screen reader reads the reason when the field takes focus."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                ids = [f"{bound.auto_id}_error"] + ([f"{bound.auto_id}_helptext"] if bound.help_text else [])
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(ids)})


def _choices(enum, blank: str | None = "（请选择）"):
    return ([("", blank)] if blank else []) + list(enum.choices)


# 第三十一条: how the date of receipt is fixed for each channel staff register.
RECEIPT_RULE = ("第三十一条：当面提交的，以提交之日为收到申请之日；邮寄的，以签收之日为收到申请之日，"
                "以平常信函等无需签收的方式邮寄的，以与申请人确认之日为收到申请之日；"
                "通过传真、电子邮件提交的，以双方确认之日为收到申请之日。")
STAFF_CHANNELS = [(c, Channel(c).label) for c in (Channel.LETTER, Channel.IN_PERSON, Channel.EMAIL, Channel.FAX)]


class RegisterForm(DescribedErrors, forms.Form):
    """An application that came by letter, e-mail, in person or fax; the applicant's fields are
    checked exactly as on the public form (validation.applicant_problems), every problem at once."""

    channel = forms.ChoiceField(label="申请方式", choices=[("", "（请选择）")] + STAFF_CHANNELS,
                                error_messages={"required": "请选择申请方式"})
    received_on = forms.DateField(label="收到申请日期", widget=DATE, help_text=RECEIPT_RULE,
                                  error_messages={"required": "请填写收到申请日期", "invalid": "请填写正确的日期"})
    applicant_type = forms.ChoiceField(label="申请人类型", choices=_choices(ApplicantType),
                                       error_messages={"required": "请选择申请人类型"})
    applicant_name = forms.CharField(label="申请人姓名/单位名称", max_length=120,
                                     error_messages={"required": "请填写申请人姓名或单位名称"})
    id_type = forms.ChoiceField(label="证件类型（自然人）", choices=_choices(IdType), required=False)
    id_number = forms.CharField(label="证件号码（自然人）", max_length=40, required=False,
                                help_text="居民身份证为18位，按出生日期和校验位核对")
    credit_code = forms.CharField(label="统一社会信用代码（法人或其他组织）", max_length=18, required=False)
    legal_representative = forms.CharField(label="法定代表人（法人或其他组织）", max_length=60, required=False)
    contact_name = forms.CharField(label="联系人（法人或其他组织）", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, error_messages={"required": "请填写联系电话"})
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请填写正确的电子邮箱地址"})
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    subject = forms.CharField(label="所需政府信息的内容描述", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "请描述所需政府信息的名称、文号或者便于查询的其他特征"})
    purpose = forms.CharField(label="用途（选填）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    provision_form = forms.ChoiceField(label="提供形式", choices=_choices(ProvisionForm, None), initial=ProvisionForm.PAPER)
    delivery = forms.ChoiceField(label="获取方式", choices=_choices(Delivery, None), initial=Delivery.POST)
    scans = MultipleFileField(label="来件扫描件", help_text="申请表、信封等的扫描件，可多选；限 PDF 和图片")

    APPLICANT_FIELDS = ("applicant_type", "applicant_name", "id_type", "id_number", "credit_code",
                        "legal_representative", "contact_name", "phone", "email", "address", "postcode",
                        "subject", "purpose", "provision_form", "delivery")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        if len(orgs) > 1:  # staff of several agencies say which one received the application
            self.fields["org"] = forms.ModelChoiceField(label="受理机关", queryset=orgs, empty_label="（请选择）")
            self.order_fields(["org"])

    def clean(self):
        cleaned = super().clean()
        for name, message in applicant_problems(self.applicant_data()).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def applicant_data(self) -> dict:
        data = {name: self.cleaned_data.get(name, "") for name in self.APPLICANT_FIELDS}
        if data["applicant_type"] == ApplicantType.NATURAL_PERSON:
            data.update(credit_code="", legal_representative="")
        elif data["applicant_type"]:
            data.update(id_type="", id_number="")
        return data

    def scan_files(self) -> list[tuple[str, bytes]]:
        # One byte over the limit is enough for the service to refuse a file as too large.
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        return [(f.name, f.read(limit + 1)) for f in self.cleaned_data["scans"]]


class QueueFilterForm(forms.Form):
    SHOW = [("open", "全部办理中"), ("mine", "我承办的"), ("closed", "已办结")]
    show = forms.ChoiceField(label="显示", choices=SHOW, required=False)


# --- one small form per action on the case page ------------------------------------------------

class AssignForm(DescribedErrors, forms.Form):
    # The choices are the agency's 信息员 and 公开主管, set by the view (services.eligible_handlers).
    handler = forms.ModelChoiceField(label="承办人", queryset=get_user_model().objects.none())


class OnForm(DescribedErrors, forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class CorrectionRequestForm(OnForm):
    what = forms.CharField(label="需要补正的事项", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    term_on = forms.DateField(label="补正期限（选填）", required=False, widget=DATE,
                              help_text=f"留空则为通知之日起{settings.GONGKAI_CORRECTION_TERM_WORKING_DAYS}个工作日")


class ConsultationStartForm(OnForm):
    kind = forms.ChoiceField(label="征求对象", choices=[(Pause.Kind.THIRD_PARTY, "第三方（第三十二条）"),
                                                       (Pause.Kind.OTHER_AGENCY, "其他机关（第三十四条）")])
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=120)


class ConsultationEndForm(OnForm):
    note = forms.CharField(label="意见或说明（选填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(OnForm):
    reason = forms.CharField(label="延期理由（将告知申请人）", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FeeNoticeForm(OnForm):
    method = forms.ChoiceField(label="收费方式", choices=[("count", "按件计收"), ("pages", "按量计收")])
    monthly_count = forms.IntegerField(label="本自然月内第几件申请（按件）", min_value=1, required=False)
    pages = forms.IntegerField(label="页数（按量）", min_value=0, required=False)

    def amounts(self) -> dict:
        """Only the figure of the chosen method goes to the service, which refuses both at once."""
        if self.cleaned_data["method"] == "count":
            return {"monthly_count": self.cleaned_data["monthly_count"], "pages": None}
        return {"monthly_count": None, "pages": self.cleaned_data["pages"]}


# Outcomes staff choose when drafting, grouped by the rows of the official table; the two that only
# the clock can bring about (no correction, fee unpaid) are not offered (the service refuses them).
OUTCOME_GROUPS = (
    ("（一）予以公开", (Outcome.DISCLOSED,)),
    ("（二）部分公开", (Outcome.PARTIALLY_DISCLOSED,)),
    ("（三）不予公开", tuple(o for o in Outcome if o.startswith("withheld_"))),
    ("（四）无法提供", tuple(o for o in Outcome if o.startswith("unavailable_"))),
    ("（五）不予处理", tuple(o for o in Outcome if o.startswith("not_processed_"))),
    ("（六）其他处理", (Outcome.OTHER,)),
)


class OutcomeSelect(forms.Select):
    """Each option carries its legal basis (data-basis) so the page can prefill the basis field."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["data-basis"] = LEGAL_BASIS.get(value, "")
        return option


class DecisionDraftForm(DescribedErrors, forms.Form):
    outcome = forms.ChoiceField(
        label="办理结果", widget=OutcomeSelect,
        choices=[("", "（请选择）")] + [(group, [(o.value, o.label) for o in members]) for group, members in OUTCOME_GROUPS],
    )
    legal_basis = forms.CharField(label="法律依据", max_length=200, required=False,
                                  help_text="选择办理结果后自动填入对应条款，可修改；留空则按办理结果自动填写")
    reply_text = forms.CharField(label="答复正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))


class DecisionReviewForm(DescribedErrors, forms.Form):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=[("approve", "批准"), ("return", "退回修改")])
    comment = forms.CharField(label="审批意见（退回时必填）", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RedactedUploadForm(DescribedErrors, forms.Form):
    file = forms.FileField(label="区分处理后的公开材料", help_text="删除不应公开内容后的材料，申请人可在查询页下载；限 PDF、DOCX、XLSX 和图片")

    def name(self) -> str:
        return self.cleaned_data["file"].name

    def content(self) -> bytes:
        return self.cleaned_data["file"].read(settings.GONGKAI_MAX_ATTACHMENT_BYTES + 1)
