"""The demo agency's checklist of mandatory disclosures (this year's and last year's budgets, final
accounts and 三公经费, each linked to its published item when the demo catalogue has it) and one
self-inspection run, so that the 督查自查 page has something to show. Idempotent."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.inspection.models import InspectionRun, MandatoryDisclosure
from gongkai.inspection.services import inspection_run


def _checklist(org, year: int) -> list[tuple[str, str, dt.date, str]]:
    # 预算 within 20 days of the budget's approval (about March); 决算 in the summer, as provinces ask.
    return [
        ("budget", f"{year}年部门预算", dt.date(year, 3, 31), f"{org.name}{year}年部门预算"),
        ("three_public", f"{year}年“三公”经费预算", dt.date(year, 3, 31), f"{org.name}{year}年“三公”经费预算情况说明"),
        ("final_accounts", f"{year - 1}年部门决算", dt.date(year, 8, 31), f"{org.name}{year - 1}年部门决算"),
        ("three_public", f"{year - 1}年“三公”经费决算", dt.date(year, 8, 31), f"{org.name}{year - 1}年“三公”经费决算情况说明"),
    ]


def load_inspection(org, supervisor) -> None:
    year = timezone.localdate().year
    for kind, name, due_on, title in _checklist(org, year):
        item = Item.objects.filter(org=org, title=title, status=Item.Status.PUBLISHED).first()
        MandatoryDisclosure.objects.get_or_create(org=org, year=year, name=name,
                                                  defaults={"kind": kind, "due_on": due_on, "item": item})
    if not InspectionRun.objects.filter(org=org).exists():
        inspection_run(org=org, on=timezone.localdate(), by=supervisor)
