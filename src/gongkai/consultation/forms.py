"""Forms of consultations and suggestions: they parse what was typed; the services decide the rules
and their messages are put back beside the fields they concern."""
from __future__ import annotations

from django import forms
from django.conf import settings

from gongkai.orgs.models import Department

from .models import Consultation, Suggestion

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def put_errors(form: forms.Form, errors: dict[str, str]) -> None:
    """A service's FieldErrors beside the fields they name; anything else above the form."""
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


class CommentForm(forms.Form):
    """意见建议 from the public: name and contact optional, one optional attachment. The token and the
    field people never see are the `/apply/` protections (applications.forms)."""

    body = forms.CharField(label="意见建议", max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": "请填写意见建议", "max_length": "意见建议不超过10000个字，较长的内容请作为附件上传"})
    name = forms.CharField(label="姓名或单位（选填）", max_length=120, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = forms.CharField(label="联系方式（选填）", max_length=200, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "email"}),
                              help_text="电话或电子邮箱，便于我们就您的意见进一步沟通；不会公开")
    attachment = forms.FileField(label="附件（选填）", required=False, help_text=(
        f"PDF、DOCX、XLSX 或图片，不超过 {settings.GONGKAI_MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB（按文件内容判断类型）"))
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(label="网址（请勿填写此项）", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def upload(self) -> tuple[str, bytes] | None:
        """The attachment, read up to one byte past the limit (the service refuses it as too large)."""
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        return upload.name, upload.read(settings.GONGKAI_MAX_ATTACHMENT_BYTES + 1)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "kind", "department", "opens_on", "closes_on", "short_reason", "basis", "explanation",
                  "draft_text", "feedback"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "opens_on": DATE, "closes_on": DATE,
            "short_reason": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 6}),
            "draft_text": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "closes_on": "一般不少于30日（含首尾两日）；行政规范性文件不少于7个工作日",
            "short_reason": "期限少于30日时必填（《重大行政决策程序暂行条例》第十五条）",
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(org=org)
        self.fields["department"].empty_label = "（请选择）"
        for name in ("title", "draft_text", "explanation", "opens_on", "closes_on"):
            self.fields[name].required = False  # the service names each missing field with its own message

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


GUARD_REASON_LABEL = "保密审查放行理由（选填）"
GUARD_REASON_HELP = "仅当系统提示发现不得公开的内容、且确需保留时填写；理由记入审计日志"


class ResultForm(forms.Form):
    result_text = forms.CharField(label="意见采纳情况", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                                  help_text="收到意见的数量、采纳的情况，未采纳的意见及理由")
    guard_reason = forms.CharField(label=GUARD_REASON_LABEL, required=False, max_length=2000, help_text=GUARD_REASON_HELP,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class SuggestionForm(forms.ModelForm):
    class Meta:
        model = Suggestion
        fields = ["number", "kind", "title", "proposer", "department", "replied_on", "reply", "summary"]
        widgets = {
            "replied_on": DATE,
            "title": forms.TextInput(attrs={"size": 60}),
            "reply": forms.Textarea(attrs={"rows": 10}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org  # the unique (org, number) check of the model form
        self.fields["department"].queryset = Department.objects.filter(org=org)
        self.fields["department"].empty_label = "（请选择）"
        for name in ("number", "kind", "title"):
            self.fields[name].required = False

    def validate_unique(self):
        pass  # the service says it in Chinese, beside the field

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
