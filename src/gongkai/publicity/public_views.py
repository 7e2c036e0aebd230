"""The portal's list of press conferences, interviews and hotlines (/press/): public by nature, newest
first, by year; a constant number of queries whatever the page holds."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .forms import YearFilterForm

PAGE_SIZE = 30


def press_list(request):
    form = YearFilterForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    page = Paginator(selectors.public_press_events(year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publicity/public/press_list.html", {
        "page": page, "year": year, "years": selectors.press_years()})
