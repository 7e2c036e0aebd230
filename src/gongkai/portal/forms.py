"""The portal's query strings, parsed. A value that does not name anything real (a topic that does
not exist, year=abc) is dropped rather than refused: the page then shows everything, never an error."""
from __future__ import annotations

from django import forms

from gongkai.catalog.models import Kind

from . import selectors
from .selectors import CatalogFilters

MIN_YEAR, MAX_YEAR = 1949, 2200


class CatalogFilterForm(forms.Form):
    org = forms.CharField(required=False)
    topic = forms.CharField(required=False)
    dept = forms.CharField(required=False)
    kind = forms.CharField(required=False)
    year = forms.CharField(required=False)
    page = forms.CharField(required=False)

    def filters(self) -> CatalogFilters:
        data = self.cleaned_data if self.is_valid() else {}
        org = selectors.org_by_param(data.get("org", ""))
        year = selectors.whole_number(data.get("year", ""), max_digits=4)
        kind = data.get("kind", "").strip()
        return CatalogFilters(
            org=org,
            topic=selectors.topic_by_param(data.get("topic", "")),
            department=selectors.department_by_param(data.get("dept", ""), org),
            kind=kind if kind in Kind.values else None,
            year=year if year and MIN_YEAR <= year <= MAX_YEAR else None,
        )

    def page_number(self) -> int:
        """?page=, or 1 when it is missing or not a positive whole number."""
        raw = self.cleaned_data.get("page", "") if self.is_valid() else ""
        return selectors.whole_number(raw, max_digits=6) or 1


class SearchForm(CatalogFilterForm):
    q = forms.CharField(required=False, label="搜索关键词")

    def query(self) -> str:
        """The words searched for; an over-long query is cut rather than refused."""
        raw = self.data.get("q", "") or ""
        return " ".join(str(raw).split())[:100]
