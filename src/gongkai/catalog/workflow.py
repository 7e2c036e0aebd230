"""The review chain as data: which status may follow which, and who may take each step.

处室负责人签字 → 公开主管保密审查 → 信息员发布 (the chain described in the agency's 2017 report).
"""
from __future__ import annotations

from gongkai.core.errors import IllegalTransition
from gongkai.orgs.models import Role

from .models import POLICY_KINDS, Kind, Revision, ReviewStep

S = Revision.Status
A = ReviewStep.Action

# action → (statuses it may start from, status it leads to, role that may take it)
STEPS: dict[str, tuple[frozenset[str], str, str]] = {
    A.SUBMIT: (frozenset({S.DRAFT, S.RETURNED}), S.DEPT_REVIEW, Role.CLERK),
    A.DEPT_APPROVE: (frozenset({S.DEPT_REVIEW}), S.SECRECY_REVIEW, Role.DEPT_HEAD),
    A.DEPT_RETURN: (frozenset({S.DEPT_REVIEW}), S.RETURNED, Role.DEPT_HEAD),
    A.SECRECY_APPROVE: (frozenset({S.SECRECY_REVIEW}), S.APPROVED, Role.SUPERVISOR),
    A.SECRECY_RETURN: (frozenset({S.SECRECY_REVIEW}), S.RETURNED, Role.SUPERVISOR),
    A.SCHEDULE: (frozenset({S.APPROVED}), S.SCHEDULED, Role.CLERK),
    A.UNSCHEDULE: (frozenset({S.SCHEDULED}), S.APPROVED, Role.CLERK),
    A.PUBLISH: (frozenset({S.APPROVED, S.SCHEDULED}), S.PUBLISHED, Role.CLERK),
}

# Approvals may not be given by the author of the draft unless settings allow it (one person, many hats).
APPROVALS = frozenset({A.DEPT_APPROVE, A.SECRECY_APPROVE})
# Returning needs a reason the clerk can act on.
NEEDS_COMMENT = frozenset({A.DEPT_RETURN, A.SECRECY_RETURN})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# Steps that let a revision go public: the confidentiality guard must find nothing blocking first.
GUARDED = frozenset({A.SECRECY_APPROVE, A.SCHEDULE, A.PUBLISH})

_WHY_NOT = {
    A.SUBMIT: "只有草稿或被退回的稿件可以提交审核",
    A.DEPT_APPROVE: "该稿件不在处室负责人审核环节",
    A.DEPT_RETURN: "该稿件不在处室负责人审核环节",
    A.SECRECY_APPROVE: "该稿件尚未经处室负责人签字，或不在保密审查环节",
    A.SECRECY_RETURN: "该稿件不在保密审查环节",
    A.SCHEDULE: "只有通过保密审查、尚未发布的稿件可以定时发布",
    A.UNSCHEDULE: "该稿件没有设定定时发布",
    A.PUBLISH: "该稿件尚未通过处室负责人签字和公开主管保密审查，不能发布",
}


def check_step(action: str, status: str) -> str:
    """The status ACTION leads to from STATUS, or IllegalTransition with the reason in Chinese."""
    if action not in STEPS:
        raise IllegalTransition(f"未知的操作：{action}")
    sources, target, _ = STEPS[action]
    if status not in sources:
        raise IllegalTransition(_WHY_NOT[action])
    return target


def role_for(action: str) -> str:
    return STEPS[action][2]


# 谁起草、谁解读 (regulations.md, catalogue): a policy document's interpretation is drafted, signed off
# and published together with it. Checked when a 规章 or 行政规范性文件 is published or scheduled.
INTERPRETATION_RULES = ("warning", "refusal")
INTERPRETATION_STEPS = frozenset({A.PUBLISH, A.SCHEDULE})


def interpretation_check(*, kind: str, has_interpretation: bool, rule: str) -> str | None:
    """谁起草、谁解读: None when KIND needs no interpretation or has one (published, or passed review and
    published together); else the warning to show under rule "warning"; IllegalTransition under
    "refusal" (the agency's setting, Organisation.interpretation_rule)."""
    if rule not in INTERPRETATION_RULES:
        raise ValueError(f"unknown interpretation rule {rule!r}")
    if kind not in POLICY_KINDS or has_interpretation:
        return None
    label = Kind(kind).label
    if rule == "refusal":
        raise IllegalTransition(
            f"本机关要求{label}与其政策解读同步发布（谁起草、谁解读）：该{label}还没有已发布或已通过审核的政策解读。"
            "请先起草解读、在解读中选择本文件为解读对象并完成审核，再发布本文件。")
    return (f"提醒：该{label}还没有已发布或已通过审核的政策解读（谁起草、谁解读）。"
            "请尽快起草解读并与文件同步发布；没有解读的政策文件在自查中记为问题。")
