"""The self-inspection rules about messages (regulations.md: `message_unanswered`, `message_late`),
plugged into gongkai.inspection's run: the facts read here (one query), the rules are the inspection
app's pure functions, with this agency's reply term (a setting, default 5 working days)."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse

from .models import Message
from .selectors import reply_term

HORIZON_DAYS = 3  # the run also warns of what fails within 3 days (inspection.facts.HORIZON_DAYS)


def read_messages(org, facts, first: dt.date, on: dt.date) -> None:
    """Valid messages (not held back as spam) received in the run's window, with their answer dates."""
    from gongkai.inspection import rules

    rows = (Message.objects.filter(org=org, status__in=Message.VALID_STATUSES,
                                   received_on__range=(first, on + dt.timedelta(days=HORIZON_DAYS)))
            .values_list("id", "number", "received_on", "replied_on").order_by("received_on", "id"))
    facts.extra["messages"] = [rules.Message(pk, f"留言 {number}", received, replied) for pk, number, received, replied in rows]
    facts.extra["message_term_days"] = reply_term(org)


def message_unanswered(on, facts, workdays):
    from gongkai.inspection import rules

    return rules.message_unanswered(on, facts.extra.get("messages", []))


def message_late(on, facts, workdays):
    from gongkai.inspection import rules

    return rules.message_late(on, facts.extra.get("messages", []), term_days=facts.extra.get("message_term_days", 5),
                              workdays=workdays)


def record_url(record, org_code: str) -> str:
    return reverse("interaction_staff:message", args=[record.id])


def plug_in() -> None:
    """Registers the reader, the two rules and the link of a message record with the inspection app."""
    from gongkai.inspection import facts, services

    if read_messages not in facts.EXTRA_READERS:
        facts.EXTRA_READERS.append(read_messages)
    for rule in (message_unanswered, message_late):
        if rule not in services.EXTRA_RULES:
            services.EXTRA_RULES.append(rule)
    services.RECORD_URLS.setdefault("message", record_url)
