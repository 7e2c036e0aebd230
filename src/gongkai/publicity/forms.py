"""Forms of the publicity registers: they parse; publicity.services checks the rules."""
from __future__ import annotations

from django import forms

from gongkai.applications.staff_forms import DescribedErrors
from gongkai.workbench.forms import DATE

from .models import EventKind

_DATE_ERRORS = {"required": "请填写日期", "invalid": "日期格式应为 年-月-日"}


class EventForm(DescribedErrors, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[("", "（请选择）"), *EventKind.choices],
                             error_messages={"required": "请选择类别"})
    held_on = forms.DateField(label="日期", widget=DATE, error_messages=_DATE_ERRORS)
    title = forms.CharField(label="主题", max_length=300, error_messages={"required": "请填写主题"})
    speakers = forms.CharField(label="发布人/参加人", max_length=300, required=False,
                               help_text="如：党组成员、副厅长 李四；新闻发言人 王五")
    url = forms.URLField(label="实录或报道链接", max_length=500, required=False, assume_scheme="https",
                         error_messages={"invalid": "请填写有效的网址"})

    @classmethod
    def initial_for(cls, event) -> dict:
        return {f: getattr(event, f) for f in ("kind", "held_on", "title", "speakers", "url")}


class PostForm(DescribedErrors, forms.Form):
    channel = forms.TypedChoiceField(label="渠道", coerce=int, error_messages={"required": "请选择渠道"})
    posted_on = forms.DateField(label="发布日期", widget=DATE, error_messages=_DATE_ERRORS)
    title = forms.CharField(label="标题", max_length=300, error_messages={"required": "请填写标题"})
    url = forms.URLField(label="链接", max_length=500, required=False, assume_scheme="https",
                         error_messages={"invalid": "请填写有效的网址"})

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "（请选择）"), *((c.pk, c.name) for c in channels)]


class CarryForm(forms.Form):
    channel = forms.IntegerField()
    posted_on = forms.DateField(required=False)


class ChannelForm(DescribedErrors, forms.Form):
    code = forms.SlugField(label="渠道代码", max_length=40, help_text="英文字母、数字、- 或 _，如 douyin",
                           error_messages={"required": "请填写渠道代码", "invalid": "渠道代码只能由英文字母、数字、- 和 _ 组成"})
    name = forms.CharField(label="名称", max_length=60, error_messages={"required": "请填写渠道名称"})
    url = forms.URLField(label="网址", max_length=500, required=False, assume_scheme="https",
                         error_messages={"invalid": "请填写有效的网址"})
    opened_on = forms.DateField(label="开通日期", widget=DATE, required=False, error_messages=_DATE_ERRORS)


class RenameForm(forms.Form):
    name = forms.CharField(max_length=60, error_messages={"required": "请填写渠道名称"})


class CloseForm(forms.Form):
    closed_on = forms.DateField(required=False, error_messages=_DATE_ERRORS)


class SubmissionForm(DescribedErrors, forms.Form):
    body = forms.TypedChoiceField(label="报送对象", coerce=int, error_messages={"required": "请选择报送对象"})
    submitted_on = forms.DateField(label="报送日期", widget=DATE, error_messages=_DATE_ERRORS)
    item_number = forms.CharField(label="报送的目录条目（索引号）", max_length=80, required=False,
                                  help_text="报送本机关已有的目录条目时填写；标题可留空，将使用条目标题")
    title = forms.CharField(label="标题", max_length=300, required=False)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000)
    department = forms.TypedChoiceField(label="报送处室", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, bodies=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "（请选择）"), *((b.pk, f"{b.name}（{b.code}）") for b in bodies)]
        self.fields["department"].choices = [("", "（不指定）"), *((d.pk, d.name) for d in departments)]


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(required=False, error_messages=_DATE_ERRORS)


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2008, max_value=2100)
