from __future__ import annotations

from django.db.models import Q

from gongkai.orgs.models import Membership

from .models import Job


def jobs_visible_to(user):
    """The jobs a person may watch: those they started, and those of an agency they hold a role in."""
    if not user.is_authenticated:
        return Job.objects.none()
    orgs = Membership.objects.filter(user=user).values("org_id")
    return Job.objects.filter(Q(created_by=user) | Q(org_id__in=orgs)).select_related("org", "created_by")
