"""Who may read which items: one predicate and one queryset, kept in agreement by a test."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.orgs.selectors import user_org_ids

from .models import Item


def items_public() -> QuerySet[Item]:
    """What anyone, signed in or not, may see: published items, of every agency on this installation."""
    return Item.objects.filter(status=Item.Status.PUBLISHED)


def items_visible_to(user) -> QuerySet[Item]:
    """Published items, plus every item of the agencies the user works for."""
    org_ids = user_org_ids(user)
    if not org_ids:
        return items_public()
    return Item.objects.filter(Q(status=Item.Status.PUBLISHED) | Q(org_id__in=org_ids))


def is_visible_to(user, item: Item) -> bool:
    return item.status == Item.Status.PUBLISHED or item.org_id in user_org_ids(user)


def public_item_by_key(key: str, related: tuple[str, ...] = ("org", "topic", "department")) -> Item | None:
    """A published item by index number or id; None alike for missing and unpublished (→ 404).
    RELATED: the foreign keys read with it (the portal's page shows no department)."""
    # Not the published revision: its body would be read for nothing (attachments go by its id).
    # Both keys are unique, so no ORDER BY (which .first() would add: a tenth of the page's time in SQL compilation).
    qs = items_public().select_related(*related).order_by()
    item = next(iter(qs.filter(index_number=key)[:1]), None)
    # "²".isdigit() is True, int("²") fails; and int() refuses strings of more than 4,300 digits (bigint has 19).
    if item is None and key.isascii() and key.isdigit() and len(key) <= 19:
        item = next(iter(qs.filter(pk=int(key))[:1]), None)
    return item

