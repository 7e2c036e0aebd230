"""Flags for staff, never automatic refusals: a possible repeat of an earlier application, and a
possibly excessive number of applications (第三十五条 — the agency may ask for reasons)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q

from gongkai.search.text import index_tokens

from .models import Application


def _same_applicant(app: Application) -> Q:
    # ID numbers and phones are encrypted (each encryption differs): matched by their keyed blind
    # index, the one saved with the case (Application.save), so nothing is decrypted here.
    if app.id_number_index:
        return Q(id_number_index=app.id_number_index)
    if app.credit_code:
        return Q(credit_code=app.credit_code)
    if app.applicant_name and app.phone_index:
        return Q(applicant_name=app.applicant_name, phone_index=app.phone_index)
    return Q(pk__in=[])


def similarity(a: str, b: str) -> float:
    """Overlap of character bigrams (Jaccard): cheap, order-insensitive, good enough to flag."""
    x, y = set(index_tokens(a).split()), set(index_tokens(b).split())
    return len(x & y) / len(x | y) if x and y else 0.0


def application_flag(app: Application) -> None:
    """Sets the flags of a new application from the same applicant's earlier ones."""
    same = Application.objects.filter(_same_applicant(app), org=app.org).exclude(pk=app.pk)
    since = app.received_on - dt.timedelta(days=settings.GONGKAI_REPEAT_WINDOW_DAYS)
    for earlier in same.filter(received_on__gte=since).order_by("-received_on").only("pk", "subject")[:50]:
        if similarity(app.subject, earlier.subject) >= 0.6:
            app.flag_possible_repeat = earlier
            break
    month = same.filter(received_on__year=app.received_on.year, received_on__month=app.received_on.month).count() + 1
    app.flag_excessive = month >= settings.GONGKAI_EXCESSIVE_MONTHLY_COUNT
    app.save(update_fields=["flag_possible_repeat", "flag_excessive"])


def monthly_count(app: Application) -> int:
    """Which application of this applicant in its calendar month this is (for 按件计收)."""
    return Application.objects.filter(
        _same_applicant(app), org=app.org, received_on__year=app.received_on.year,
        received_on__month=app.received_on.month, received_on__lte=app.received_on,
    ).count()
