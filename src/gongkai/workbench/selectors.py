"""What staff may read in the workbench, and which steps they may take.

The workbench shows only the records of the agencies a user works for, whatever their status: a user
of another agency gets the same 404 for an item of ours as for one that does not exist. The queries
here are the single place that scoping happens; the views never filter by organisation themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from gongkai.catalog import workflow
from gongkai.catalog.models import Attachment, Item, Revision, ReviewStep
from gongkai.orgs.models import Membership, Role
from gongkai.orgs.selectors import user_org_ids, user_roles

S = Revision.Status
A = ReviewStep.Action
QUEUE_LENGTH = 20  # a queue shows the newest entries; the count says how many wait in all


def items_for_staff(user) -> QuerySet[Item]:
    """Every item, in any status, of the agencies the user works for (and nothing else)."""
    return Item.objects.filter(org_id__in=user_org_ids(user))


def revisions_for_staff(user) -> QuerySet[Revision]:
    return Revision.objects.filter(item__org_id__in=user_org_ids(user))


def attachments_for_staff(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(revision__item__org_id__in=user_org_ids(user))


def open_revision_status() -> Subquery:
    """The status of the revision under way (at most one per item, by a database constraint)."""
    return Subquery(
        Revision.objects.filter(item=OuterRef("pk"), status__in=Revision.OPEN_STATUSES).values("status")[:1]
    )


def items_list(user, *, status: str = "", stage: str = "", q: str = "") -> QuerySet[Item]:
    """The workbench catalogue: the user's agencies' items, newest change first, with the stage of
    the open revision annotated so a page of any size costs the same few queries."""
    qs = (
        items_for_staff(user)
        .select_related("org", "department")
        .annotate(stage=open_revision_status())
        .order_by("-updated_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    if stage:
        qs = qs.filter(revisions__status=stage)  # an open status: at most one such revision per item
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(index_number__icontains=q) | Q(document_number__icontains=q))
    return qs


@dataclass
class Queue:
    key: str
    title: str
    role: str
    count: int
    revisions: list[Revision] = field(default_factory=list)
    empty_text: str = "暂无"


def _scope(memberships: list[Membership], role: str) -> Q | None:
    """Where a role's holder works: their department, or the whole agency for an org-wide membership."""
    scope = None
    for m in memberships:
        if m.role != role:
            continue
        part = Q(item__org_id=m.org_id)
        if m.department_id:
            part &= Q(department_id=m.department_id)
        scope = part if scope is None else scope | part
    return scope


def _queue(key: str, title: str, role: str, qs: QuerySet[Revision], empty_text: str) -> Queue:
    qs = qs.select_related("item", "department", "author").order_by("-updated_at", "-pk")
    return Queue(key=key, title=title, role=role, count=qs.count(), revisions=list(qs[:QUEUE_LENGTH]),
                 empty_text=empty_text)


def queues_for(user, memberships: list[Membership] | None = None) -> list[Queue]:
    """"My queues": what waits for this person, one queue per duty they hold (信息员, 处室负责人, 公开主管)."""
    memberships = user_roles(user) if memberships is None else memberships
    queues: list[Queue] = []
    clerk = _scope(memberships, Role.CLERK)
    if clerk is not None:
        last_return = ReviewStep.objects.filter(
            revision=OuterRef("pk"), action__in=[A.DEPT_RETURN, A.SECRECY_RETURN]
        ).order_by("-at", "-pk").values("comment")[:1]
        mine = Revision.objects.filter(clerk, author=user)
        queues += [
            _queue("returned", "被退回待修改", Role.CLERK,
                   mine.filter(status=S.RETURNED).annotate(return_comment=Subquery(last_return)), "没有被退回的稿件"),
            _queue("drafts", "我的草稿", Role.CLERK, mine.filter(status=S.DRAFT), "没有草稿"),
            _queue("approved", "已通过审查、待发布", Role.CLERK,
                   Revision.objects.filter(clerk, status__in=[S.APPROVED, S.SCHEDULED]), "没有待发布的稿件"),
        ]
    head = _scope(memberships, Role.DEPT_HEAD)
    if head is not None:
        queues.append(_queue("dept_review", "待我签字（处室负责人审核）", Role.DEPT_HEAD,
                             Revision.objects.filter(head, status=S.DEPT_REVIEW), "没有待签字的稿件"))
    supervisor = _scope(memberships, Role.SUPERVISOR)
    if supervisor is not None:
        queues.append(_queue("secrecy_review", "待保密审查（公开主管）", Role.SUPERVISOR,
                             Revision.objects.filter(supervisor, status=S.SECRECY_REVIEW), "没有待保密审查的稿件"))
    return queues


def clerk_org_ids(memberships: list[Membership]) -> list[int]:
    """The agencies in which the user may draft items, in a stable order."""
    return sorted({m.org_id for m in memberships if m.role == Role.CLERK})


def _holds(memberships: list[Membership], org_id: int, role: str, department_id: int | None = None) -> bool:
    """Mirrors orgs.selectors.has_role over memberships already loaded (no query per button)."""
    return any(
        m.org_id == org_id and m.role == role and (department_id is None or m.department_id in (None, department_id))
        for m in memberships
    )


def can_edit(memberships: list[Membership], revision: Revision) -> bool:
    return revision.status in workflow.EDITABLE and _holds(memberships, revision.item.org_id, Role.CLERK)


def actions_for(user, memberships: list[Membership], item: Item, revision: Revision | None) -> set[str]:
    """The steps this user may take now on ITEM, so the page offers only those buttons. The services
    check again; this only keeps people from pressing buttons that would be refused."""
    allowed: set[str] = set()
    if revision is not None:
        for action, (sources, _target, role) in workflow.STEPS.items():
            if revision.status not in sources:
                continue
            department = revision.department_id if role == Role.DEPT_HEAD else None
            if not _holds(memberships, item.org_id, role, department):
                continue
            if (action in workflow.APPROVALS and revision.author_id == user.pk
                    and not settings.GONGKAI_ALLOW_SELF_APPROVAL):
                continue
            allowed.add(str(action))
        if can_edit(memberships, revision):
            allowed.add("edit")
    if item.status == Item.Status.PUBLISHED and _holds(memberships, item.org_id, Role.SUPERVISOR):
        allowed.add(str(A.WITHDRAW))
    if revision is None and item.published_revision_id and _holds(memberships, item.org_id, Role.CLERK):
        allowed.add(str(A.REVISE))
    return allowed


def item_history(item: Item) -> list[ReviewStep]:
    return list(item.steps.select_related("actor", "revision").order_by("at", "pk"))


def open_revision(item: Item) -> Revision | None:
    return (item.revisions.filter(status__in=Revision.OPEN_STATUSES)
            .select_related("topic", "department", "author").prefetch_related("attachments").first())


def published_revision(item: Item) -> Revision | None:
    if not item.published_revision_id:
        return None
    return (Revision.objects.select_related("topic", "department").prefetch_related("attachments")
            .get(pk=item.published_revision_id))
