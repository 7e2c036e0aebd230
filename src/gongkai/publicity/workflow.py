"""A submission's adoption as data: which status may follow which, and who may take each step.

Who receives: the staff of the receiving body when it works in Gongkai (a higher body of the tree);
for an outside body (科技部, 国家知识产权局 … made with `gongkai org create`, no staff here) the
sender's staff record what the body reported."""
from __future__ import annotations

from gongkai.core.errors import IllegalTransition

from .models import Submission

S = Submission.Status

# action → (statuses it may start from, status it leads to)
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "adopt": (frozenset({S.SUBMITTED}), S.ADOPTED),
    "unadopt": (frozenset({S.ADOPTED}), S.SUBMITTED),
}
_WHY_NOT = {
    "adopt": "该信息已标记为采用",
    "unadopt": "该信息尚未标记为采用",
}


def check_step(action: str, status: str) -> str:
    """The status ACTION leads to from STATUS, or IllegalTransition with the reason in Chinese."""
    if action not in STEPS:
        raise IllegalTransition(f"未知的操作：{action}")
    sources, target = STEPS[action]
    if status not in sources:
        raise IllegalTransition(_WHY_NOT[action])
    return target
