"""Forms of the review-case register: they parse; oversight.services checks the rules."""
from __future__ import annotations

from django import forms

from gongkai.applications.staff_forms import DescribedErrors
from gongkai.workbench.forms import DATE

from .models import ReviewCase


class ReviewCaseForm(DescribedErrors, forms.Form):
    case_number = forms.CharField(label="案号", max_length=80, help_text="复议决定书或法院的案号，如（2025）黔01行初12号",
                                  error_messages={"required": "请填写案号"})
    application_number = forms.CharField(label="相关申请的登记编号", max_length=40, required=False,
                                         help_text="因哪一件政府信息公开申请引起；没有可不填")
    kind = forms.ChoiceField(label="案件类型", choices=[("", "（请选择）"), *ReviewCase.Kind.choices],
                             error_messages={"required": "请选择案件类型"})
    result = forms.ChoiceField(label="结果", choices=ReviewCase.Result.choices, initial=ReviewCase.Result.PENDING,
                               help_text="尚未审结的案件选“尚未审结”，审结后再修改")
    filed_on = forms.DateField(label="受理/立案日期", widget=DATE,
                               error_messages={"required": "请填写受理/立案日期", "invalid": "日期格式应为 年-月-日"})
    concluded_on = forms.DateField(label="审结日期", widget=DATE, required=False,
                                   error_messages={"invalid": "日期格式应为 年-月-日"})
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)

    @classmethod
    def initial_for(cls, case: ReviewCase) -> dict:
        return {"case_number": case.case_number, "application_number": case.application.number if case.application else "",
                "kind": case.kind, "result": case.result, "filed_on": case.filed_on, "concluded_on": case.concluded_on,
                "note": case.note}


class CaseFilterForm(forms.Form):
    year = forms.IntegerField(label="受理/立案年度", required=False, min_value=2008, max_value=2100)
    kind = forms.ChoiceField(label="案件类型", required=False, choices=[("", "全部"), *ReviewCase.Kind.choices])
