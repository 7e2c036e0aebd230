"""Who may open a workbench page: the checks every staff view of every app begins with, kept in one
place so that the catalogue, applications, oversight and reports pages refuse the same visitors in the
same way.

- `member_view`: signed in and holding a role in some agency.
- `agency_staff_view`: the same, for the one agency a page is about (?org=).

Each app's own decorator adds what its pages need (roles, the year, ...) on top of these.
"""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from gongkai.orgs.selectors import user_roles


def member_view(view):
    """Signed-in staff only: anonymous visitors go to the login page, a signed-in user who holds no role
    in any agency is told so (403) and sees nothing of any agency. Sets `request.memberships`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        memberships = user_roles(request.user)
        if not memberships:
            return render(request, "workbench/no_membership.html", status=403)
        request.memberships = memberships
        return view(request, *args, **kwargs)

    return wrapper


def agency_staff_view(view):
    """`member_view` for pages about one agency: the one named by the form's or the query's `org` (by
    default the user's first agency). An agency the user holds no role in answers 404, like one that
    does not exist, so staff learn nothing of agencies that are not theirs.

    Sets `request.agency` and `request.agency_roles` (the user's roles in that agency)."""

    @member_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        code = request.POST.get("org") or request.GET.get("org")
        mine = [m for m in request.memberships if not code or m.org.code == code]
        if not mine:
            raise Http404("没有该机关")
        request.agency = org = mine[0].org
        request.agency_roles = {m.role for m in request.memberships if m.org_id == org.pk}
        return view(request, *args, **kwargs)

    return wrapper
