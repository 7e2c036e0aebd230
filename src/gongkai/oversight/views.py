"""The register of reconsideration and litigation cases in the workbench (/workbench/oversight/):
staff of the agency list the cases; its 信息员 and 公开主管 add and correct them. Another agency's
staff get 404, as for a case that does not exist. Views parse with a form, call one service, then
render or redirect."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gongkai.core.errors import FieldErrors, GongkaiError, NotAllowed
from gongkai.workbench.access import agency_staff_view

from . import services
from .forms import CaseFilterForm, ReviewCaseForm
from .models import ReviewCase

PAGE_SIZE = 50


def register_view(view):
    """Signed-in staff of the agency named by ?org= (default: the user's first agency; see
    workbench.access); its 信息员 and 公开主管 may add and correct cases."""

    @agency_staff_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.case_org = request.agency
        request.can_edit = any(role in services.EDITOR_ROLES for role in request.agency_roles)
        return view(request, *args, **kwargs)

    return wrapper


def _list_url(request) -> str:
    return f"{reverse('oversight:cases')}?org={request.case_org.code}"


@register_view
def case_list(request):
    filters = CaseFilterForm(request.GET or None)
    cases = ReviewCase.objects.filter(org=request.case_org).select_related("application").order_by("-filed_on", "-pk")
    if filters.is_valid():
        if filters.cleaned_data.get("year"):
            cases = cases.filter(filed_on__year=filters.cleaned_data["year"])
        if filters.cleaned_data.get("kind"):
            cases = cases.filter(kind=filters.cleaned_data["kind"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oversight/case_list.html", {"org": request.case_org, "page": page, "filters": filters,
                                                        "can_edit": request.can_edit})


def _apply_errors(form, error: GongkaiError) -> None:
    if isinstance(error, FieldErrors):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, error.message)


@register_view
def case_new(request):
    form = ReviewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.review_case_create(org=request.case_org, by=request.user, data=form.cleaned_data)
        except NotAllowed as e:
            messages.error(request, e.message)
            return render(request, "oversight/case_form.html", {"form": form, "org": request.case_org}, status=403)
        except GongkaiError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"已登记案件：{case.case_number}。")
            return redirect(_list_url(request))
    return render(request, "oversight/case_form.html", {"form": form, "org": request.case_org,
                                                        "can_edit": request.can_edit},
                  status=400 if form.errors else 200)


@register_view
def case_edit(request, pk: int):
    case = get_object_or_404(ReviewCase.objects.select_related("application"), pk=pk, org=request.case_org)
    form = ReviewCaseForm(request.POST or None, initial=ReviewCaseForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_case_update(case_id=case.pk, by=request.user, data=form.cleaned_data)
        except NotAllowed as e:
            messages.error(request, e.message)
            return render(request, "oversight/case_form.html", {"form": form, "org": request.case_org, "case": case},
                          status=403)
        except GongkaiError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"案件 {case.case_number} 已更新。")
            return redirect(_list_url(request))
    return render(request, "oversight/case_form.html", {"form": form, "org": request.case_org, "case": case,
                                                        "can_edit": request.can_edit},
                  status=400 if form.errors else 200)
