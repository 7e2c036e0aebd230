"""Forms of messages: the public's message on the portal, the tracking query, the Q&A list's filters,
and the workbench's steps. Rules live in services (message_validate); forms parse and put each
message beside its field."""
from __future__ import annotations

from django import forms

from gongkai.applications.forms import TrackForm as ApplicationTrackForm
from gongkai.orgs.models import Department

from .services import BODY_MAX, SUBJECT_MAX


def _text(label: str, max_length: int, **attrs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, widget=forms.TextInput(attrs=attrs))


class MessageForm(forms.Form):
    """写信/留言. Required fields are decided by services.message_validate (shared with imports);
    the browser's own limits (maxlength) are a convenience, the service's the rule."""

    channel = forms.ChoiceField(label="留言渠道", widget=forms.RadioSelect, required=False)
    subject = _text("留言标题", SUBJECT_MAX)
    body = forms.CharField(label="留言内容", max_length=BODY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=f"请简要写明您反映的问题或咨询的事项，不超过 {BODY_MAX} 字。请勿在内容中填写身份证号、电话等个人信息。")
    writer_name = _text("姓名或称呼", 60, autocomplete="name")
    phone = _text("联系电话（选填）", 30, autocomplete="tel", inputmode="tel")
    email = forms.CharField(label="电子邮箱（选填）", max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                            help_text="填写后，答复将同时发送到该邮箱。")
    keep_private = forms.BooleanField(label="不公开我的留言（留言和答复都不在网站上公开）", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(label="网址（请勿填写此项）", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.code, c.name) for c in channels if c.is_open]
        if len(self.fields["channel"].choices) == 1:
            self.fields["channel"].initial = self.fields["channel"].choices[0][0]

    @property
    def honeypot(self) -> str:
        return (self.data.get("website") or "").strip()

    def service_data(self) -> dict:
        c = self.cleaned_data
        return {"channel": c.get("channel", ""), "subject": c.get("subject", ""), "body": c.get("body", ""),
                "writer_name": c.get("writer_name", ""), "phone": c.get("phone", ""), "email": c.get("email", ""),
                "is_public": not c.get("keep_private")}

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            if key in self.fields and key not in self.errors:
                self.add_error(key, message)
            elif key not in self.fields:
                self.add_error(None, message)


class TrackForm(ApplicationTrackForm):
    """The same two fields as the applications' tracking page, with the message's wording."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].label = "留言编号"
        self.fields["number"].error_messages["required"] = "请填写留言编号"
        self.fields["number"].help_text = "例如 M2026-00001"
        self.fields["query_code"].help_text = "提交留言后显示的8位字母数字组合，不区分大小写"


class QaFilterForm(forms.Form):
    """?channel=&year=&q=&page= of the Q&A list; anything malformed is ignored rather than an error."""

    channel = forms.CharField(required=False, max_length=40)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    q = forms.CharField(required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1)

    def get(self, name: str):
        """A parameter's value, or None when it is missing or malformed (the others still apply)."""
        self.is_valid()
        return None if name in self.errors else self.cleaned_data.get(name)


# --- the workbench ---------------------------------------------------------------------------------

class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="承办处室", queryset=Department.objects.none(),
                                        error_messages={"required": "请选择承办处室"})

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(org=org) if org else Department.objects.none()


class DraftForm(forms.Form):
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    public_subject = forms.CharField(label="公开标题", max_length=200, required=False,
                                     help_text="网站上显示的标题，不得含有留言人的姓名、电话等个人信息")
    public_body = forms.CharField(label="公开的留言内容", widget=forms.Textarea(attrs={"rows": 6}), required=False,
                                  help_text="系统已自动隐去身份证号、电话、邮箱和留言人姓名，请再核对一遍")


class CommentForm(forms.Form):
    comment = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class QueueFilterForm(forms.Form):
    show = forms.ChoiceField(label="显示", required=False, choices=[
        ("open", "办理中"), ("mine", "待我办理"), ("held", "疑似垃圾信息"), ("replied", "已答复"), ("discarded", "已甄别为垃圾信息")])
