"""Reads the guard shares: the sensitive words and redaction rules that apply to an organisation."""
from __future__ import annotations

from django.db.models import Q

from .models import RedactionRule, SensitiveWord


def sensitive_words(org=None) -> list[str]:
    """The global list plus ORG's own (the default list is seeded as global words, editable in admin)."""
    cond = Q(org__isnull=True) if org is None else Q(org__isnull=True) | Q(org=org)
    return list(SensitiveWord.objects.filter(cond).values_list("word", flat=True))


def redaction_rules(org) -> list[RedactionRule]:
    return list(RedactionRule.objects.filter(org=org, active=True))
