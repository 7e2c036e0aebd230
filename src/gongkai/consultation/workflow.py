"""The steps of a consultation and of a suggestion as data: which status each starts from, where it
leads, who may take it, and the Chinese reason for refusing it. `check_step` is the only gate."""
from __future__ import annotations

from gongkai.core.errors import IllegalTransition
from gongkai.orgs.models import Role

from .models import Consultation, Suggestion

C = Consultation.Status
G = Suggestion.Status

# action → (statuses it may start from, status it leads to, role that may take it)
CONSULTATION_STEPS: dict[str, tuple[frozenset[str], str, str]] = {
    "edit": (frozenset({C.DRAFT}), C.DRAFT, Role.CLERK),
    "publish": (frozenset({C.DRAFT}), C.OPEN, Role.SUPERVISOR),  # 公开主管 checks the draft before it goes out
    "close": (frozenset({C.OPEN}), C.CLOSED, Role.CLERK),
    "result_publish": (frozenset({C.CLOSED}), C.CONCLUDED, Role.SUPERVISOR),
}
SUGGESTION_STEPS: dict[str, tuple[frozenset[str], str, str]] = {
    "edit": (frozenset({G.REGISTERED, G.REPLIED}), "", Role.CLERK),  # "" keeps the status
    "reply": (frozenset({G.REGISTERED, G.REPLIED}), G.REPLIED, Role.CLERK),
    "result_publish": (frozenset({G.REPLIED}), G.PUBLISHED, Role.SUPERVISOR),
}

_WHY_NOT = {
    ("consultation", "edit"): "只有草稿状态的征求意见可以修改；发布后期限和内容不能再改",
    ("consultation", "publish"): "该征求意见已发布过",
    ("consultation", "close"): "只有正在征求意见的事项可以截止",
    ("consultation", "result_publish"): "征求意见截止后才能公布意见采纳情况（且只公布一次）",
    ("suggestion", "edit"): "办理结果已公开，不能再修改",
    ("suggestion", "reply"): "办理结果已公开，不能再修改答复",
    ("suggestion", "result_publish"): "只有已答复、尚未公开的建议提案可以公开办理结果",
}

ROLE_LABELS = {Role.CLERK: "信息员", Role.SUPERVISOR: "公开主管"}


def check_step(table: str, action: str, status: str) -> str:
    """The status ACTION leads to from STATUS (TABLE: consultation or suggestion), or
    IllegalTransition with the reason in Chinese."""
    steps = CONSULTATION_STEPS if table == "consultation" else SUGGESTION_STEPS
    if action not in steps:
        raise IllegalTransition(f"未知的操作：{action}")
    sources, target, _ = steps[action]
    if status not in sources:
        raise IllegalTransition(_WHY_NOT[(table, action)])
    return target or status


def role_for(table: str, action: str) -> str:
    return (CONSULTATION_STEPS if table == "consultation" else SUGGESTION_STEPS)[action][2]
