"""{% application_summary %}: the 依申请公开 box on the workbench home — open cases, due within
GONGKAI_DUE_SOON_WORKING_DAYS working days, overdue — for the agency's 信息员 and 公开主管."""
from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from gongkai.orgs.models import Role
from gongkai.workdays.selectors import current_calendar

from ..models import Application

register = template.Library()


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    """A short walk (a week or two) rather than rules.add_working_days, which lays out a year and a
    half of working days: the home page shows this on every visit."""
    calendar = current_calendar()
    while n > 0:
        day += dt.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


@register.inclusion_tag("applications/staff/_summary.html", takes_context=True)
def application_summary(context):
    request = context["request"]
    org_ids = {m.org_id for m in getattr(request, "memberships", ()) if m.role in (Role.CLERK, Role.SUPERVISOR)}
    if not org_ids:
        return {"show": False}
    today = timezone.localdate()
    last_soon = nth_working_day_after(today, settings.GONGKAI_DUE_SOON_WORKING_DAYS)
    counts = Application.objects.filter(org_id__in=org_ids, status__in=Application.OPEN_STATUSES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(effective_due_on__lt=today)),
        soon=Count("pk", filter=Q(effective_due_on__gte=today, effective_due_on__lte=last_soon)))
    return {"show": True, "soon_days": settings.GONGKAI_DUE_SOON_WORKING_DAYS, **counts}
