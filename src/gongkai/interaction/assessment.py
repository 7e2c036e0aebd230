"""What the department assessment (oversight.assessment) reads of the messages register: how many of
each department's messages due in a span were answered within the agency's reply term."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from .models import Message


def replies_on_time(org, first: dt.date, last: dt.date) -> dict[int, tuple[int, int]]:
    """{department id: (answered by their due date, due in FIRST … LAST)}, genuine messages only
    (held-back and discarded spam do not count), in one grouped query."""
    rows = (Message.objects.filter(org=org, department__isnull=False, due_on__range=(first, last),
                                   status__in=Message.VALID_STATUSES)
            .values("department_id").order_by()
            .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(replied_on__lte=F("due_on")))))
    return {r["department_id"]: (r["on_time"], r["due"]) for r in rows}
