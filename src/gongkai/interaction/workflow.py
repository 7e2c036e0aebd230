"""How a message moves, as data: which status each action may start from, where it leads, and who
may take it. The chain is 分办 (信息员 or 公开主管 assign a department) → 拟稿 (the department's 信息员)
→ 审核 (the department's 处室负责人 approves, or returns with a reason) → 答复 (sent, and published
unless the writer asked not to be). Held submissions are released into the chain or set aside.
"""
from __future__ import annotations

from gongkai.core.workflow import step_target
from gongkai.orgs.models import Role

from .models import Message

S = Message.Status


class Action:
    RELEASE = "release"
    DISCARD = "discard"
    ASSIGN = "assign"
    DRAFT = "draft"
    APPROVE = "approve"
    RETURN = "return"


# action → (statuses it may start from, status it leads to, roles that may take it)
STEPS: dict[str, tuple[frozenset[str], str, frozenset[str]]] = {
    Action.RELEASE: (frozenset({S.HELD, S.DISCARDED}), S.RECEIVED, frozenset({Role.CLERK, Role.SUPERVISOR})),
    Action.DISCARD: (frozenset({S.HELD}), S.DISCARDED, frozenset({Role.CLERK, Role.SUPERVISOR})),
    Action.ASSIGN: (frozenset({S.RECEIVED, S.ASSIGNED, S.RETURNED}), S.ASSIGNED, frozenset({Role.CLERK, Role.SUPERVISOR})),
    Action.DRAFT: (frozenset({S.ASSIGNED, S.RETURNED}), S.IN_REVIEW, frozenset({Role.CLERK})),
    Action.APPROVE: (frozenset({S.IN_REVIEW}), S.REPLIED, frozenset({Role.DEPT_HEAD})),
    Action.RETURN: (frozenset({S.IN_REVIEW}), S.RETURNED, frozenset({Role.DEPT_HEAD})),
}
# Taken within the message's department: the role must be held there (or agency-wide).
IN_DEPARTMENT = frozenset({Action.DRAFT, Action.APPROVE, Action.RETURN})
NEEDS_COMMENT = frozenset({Action.RETURN})

LABELS = {
    Action.RELEASE: "确认为正常留言",
    Action.DISCARD: "甄别为垃圾信息",
    Action.ASSIGN: "分办",
    Action.DRAFT: "拟稿并提交审核",
    Action.APPROVE: "审核通过并答复",
    Action.RETURN: "退回修改",
}

_WHY_NOT = {
    Action.RELEASE: "只有待甄别或已甄别为垃圾信息的留言可以确认为正常留言",
    Action.DISCARD: "只有待甄别的留言可以甄别为垃圾信息",
    Action.ASSIGN: "该留言已答复或正在审核，不能分办",
    Action.DRAFT: "该留言尚未分办到处室，或答复正在审核、已答复",
    Action.APPROVE: "该留言的答复不在待审核环节",
    Action.RETURN: "该留言的答复不在待审核环节",
}


def check_step(action: str, status: str) -> str:
    """The status ACTION leads to from STATUS, or IllegalTransition with the reason in Chinese."""
    return step_target(STEPS, _WHY_NOT, action, status)


def roles_for(action: str) -> frozenset[str]:
    return STEPS[action][2]


def actions_from(status: str) -> list[str]:
    """The actions that may start from STATUS, in the table's order (for the staff page's buttons)."""
    return [a for a, (sources, _, _) in STEPS.items() if status in sources]
