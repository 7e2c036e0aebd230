"""Forms of the annual report's workbench pages: they parse; reports.services decides."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from gongkai.applications.staff_forms import DescribedErrors

FIRST_YEAR = 2008  # 条例 took effect on 2008-05-01: no report before 2008


def report_years() -> list[int]:
    """From last year (the report being written in January) back to 2008; this year too, for previews."""
    this_year = timezone.localdate().year
    return list(range(this_year, FIRST_YEAR - 1, -1))


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="报告年度", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in report_years()]


class ProseForm(DescribedErrors, forms.Form):
    overview = forms.CharField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 10}), required=False,
                               help_text="主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。定稿前必须填写。")
    problems = forms.CharField(label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 6}), required=False,
                               help_text="上年度报告提出的问题已带入，请写明改进情况。")
    other_matters = forms.CharField(label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                    help_text="包括依据《政府信息公开信息处理费管理办法》收取信息处理费的情况。")
    correction_reason = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                        max_length=2000)

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_reason"]


class FiguresForm(DescribedErrors, forms.Form):
    """第二十条第（五）（六）（八）项: figures that come from other systems, entered by staff."""

    licensing = forms.IntegerField(label="行政许可（本年处理决定数量）", min_value=0, max_value=10**9,
                                   error_messages={"min_value": "数量不能为负数", "required": "请填写数量（没有填 0）"})
    penalty = forms.IntegerField(label="行政处罚（本年处理决定数量）", min_value=0, max_value=10**9,
                                 error_messages={"min_value": "数量不能为负数", "required": "请填写数量（没有填 0）"})
    enforcement = forms.IntegerField(label="行政强制（本年处理决定数量）", min_value=0, max_value=10**9,
                                     error_messages={"min_value": "数量不能为负数", "required": "请填写数量（没有填 0）"})
    fees_10k_yuan = forms.DecimalField(label="行政事业性收费（本年收费金额，万元）", min_value=Decimal(0), max_digits=14,
                                       decimal_places=4, error_messages={
                                           "min_value": "金额不能为负数", "required": "请填写金额（没有填 0）",
                                           "max_decimal_places": "金额最多保留 4 位小数（即精确到元）"})


class CorrectForm(DescribedErrors, forms.Form):
    reason = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             error_messages={"required": "请写明更正原因"},
                             help_text="将与更正后的报告一并在门户网站公布。")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请写明更正原因")
        return reason


class TraceForm(forms.Form):
    """Which count to trace: ?table=applications&row=new&col=business (table defaults to applications)."""

    table = forms.CharField(required=False)
    row = forms.CharField()
    col = forms.CharField()

    def clean_table(self):
        return self.cleaned_data.get("table") or "applications"
