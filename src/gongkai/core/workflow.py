"""The one gate of every state table (catalog/workflow.py, interaction/workflow.py): a table maps each
action to (the statuses it may start from, the status it leads to, who may take it), with the Chinese
reason for each refusal beside it."""
from __future__ import annotations

from .errors import IllegalTransition


def step_target(steps: dict, why_not: dict[str, str], action: str, status: str) -> str:
    """The status ACTION leads to from STATUS in STEPS, or IllegalTransition with WHY_NOT's reason."""
    if action not in steps:
        raise IllegalTransition(f"未知的操作：{action}")
    sources, target = steps[action][0], steps[action][1]
    if status not in sources:
        raise IllegalTransition(why_not[action])
    return target
