"""Who may do what, in one place: every view, service and API asks these, never the tables directly."""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from .models import Department, Membership, Organisation, Role


def user_org_ids(user: User | AnonymousUser) -> set[int]:
    """The organisations whose unpublished records this user may read (staff of that agency)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_gongkai_org_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("org_id", flat=True))
        user._gongkai_org_ids = cached
    return cached


def has_role(user: User, org: Organisation | int, role: str, department: Department | int | None = None) -> bool:
    """True if the user holds ROLE in ORG. With DEPARTMENT: in that department, or org-wide (no
    department on the membership). Without: in any department of ORG."""
    if not user.is_authenticated:
        return False
    org_id = org if isinstance(org, int) else org.pk
    qs = Membership.objects.filter(user=user, org_id=org_id, role=role)
    if department is not None:
        dept_id = department if isinstance(department, int) else department.pk
        from django.db.models import Q

        qs = qs.filter(Q(department_id=dept_id) | Q(department__isnull=True))
    return qs.exists()


def user_roles(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).select_related("org", "department"))


def primary_org(user: User) -> Organisation | None:
    membership = Membership.objects.filter(user=user).select_related("org").order_by("pk").first()
    return membership.org if membership else None


def org_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


__all__ = ["Role", "user_org_ids", "has_role", "user_roles", "primary_org", "org_by_code"]
