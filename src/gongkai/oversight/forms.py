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


class PeriodForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
    period = forms.ChoiceField(label="期间", choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .assessment import PERIODS

        self.fields["period"].choices = [(k, v[0]) for k, v in PERIODS.items()]


class RulesForm(DescribedErrors, forms.Form):
    """The weight and, per metric, its points and target (rows of the scheme)."""
    weight_percent = forms.DecimalField(label="政务公开占年终考核的比重（%）", min_value=0, max_value=100, decimal_places=2,
                                        error_messages={"required": "请填写比重"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import COUNT_METRICS, Metric

        for metric in Metric:
            self.fields[f"points_{metric.value}"] = forms.DecimalField(
                label=f"{metric.label}：分值", min_value=0, max_value=100, decimal_places=2, required=False)
            if metric in COUNT_METRICS:
                self.fields[f"target_{metric.value}"] = forms.IntegerField(
                    label=f"{metric.label}：满分所需件数", min_value=0, max_value=100000, required=False)

    def rules(self) -> list[tuple[str, object, int]]:
        from .models import Metric

        d = self.cleaned_data
        return [(m.value, d.get(f"points_{m.value}") or 0, d.get(f"target_{m.value}") or 0) for m in Metric]

    @classmethod
    def initial_for(cls, weight, rules) -> dict:
        initial = {"weight_percent": weight}
        for r in rules:
            initial[f"points_{r.metric}"] = r.points
            initial[f"target_{r.metric}"] = r.target
        return initial


class PlanTaskForm(DescribedErrors, forms.Form):
    title = forms.CharField(label="任务", max_length=300, error_messages={"required": "请填写任务"})
    department = forms.TypedChoiceField(label="责任处室", coerce=int, error_messages={"required": "请选择责任处室"})
    due_on = forms.DateField(label="完成时限", widget=DATE, error_messages={"required": "请填写完成时限",
                                                                         "invalid": "日期格式应为 年-月-日"})

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "（请选择）"), *((d.pk, d.name) for d in departments)]


class CompleteForm(forms.Form):
    completed_on = forms.DateField(required=False)
