"""What each administrator duty may do in Django admin: one table, read by the authentication backend.

Permissions come from this table only (never from groups or per-user permissions set in admin), so
that no one can give an account a second duty's powers by ticking boxes. The review-chain roles
(信息员, 处室负责人, 公开主管) hold no admin permission at all: they work in the workbench.

- 系统管理员: configuration (topics, the non-public catalogue, holidays, letter templates, the
  self-inspection's settings, the confidentiality pre-check's words and rules, the portal's pages, statutory categories
  and specials; consultations and suggestions read-only), organisations and
  their departments, user accounts (not their roles).

Every model registered in Django admin must appear here for some duty (or in NO_DUTY):
tests/accounts/test_duties_matrix.py::test_every_admin_page_belongs_to_a_duty says which is missing.
- 安全管理员: roles (review-chain posts and the three duties), the security policies in force
  (lockouts, second-factor devices).
- 审计管理员: reads and exports the audit log, nothing else.
"""
from __future__ import annotations

from .models import Duty

ALL = ("view", "add", "change", "delete")

DUTY_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Duty.SYSTEM: {
        "orgs.organisation": ALL,
        "orgs.department": ALL,
        "auth.user": ("view", "add", "change"),  # accounts are deactivated, not deleted (the log names them)
        "catalog.topic": ALL,
        "catalog.nonpubliccategory": ALL,
        "workdays.calendaroverride": ALL,
        "applications.lettertemplate": ALL,
        "applications.lettersettings": ALL,
        "applications.letter": ("view",),  # issued letters are a record: read only
        "interaction.channel": ALL,
        "interaction.messagesettings": ALL,
        "inspection.mandatorydisclosure": ALL,
        "inspection.inspectionsettings": ALL,
        "inspection.inspectionrun": ("view",),
        "textguard.sensitiveword": ALL,
        "textguard.redactionrule": ALL,
        "portal.page": ALL,
        "portal.statutorycategory": ALL,
        "portal.special": ALL,
        "consultation.consultation": ("view",),  # read-only in admin: changed in the workbench
        "consultation.suggestion": ("view",),
        # Background work (decision 0054): watched, never edited by hand — workers write these rows.
        "tasks.job": ("view",),
        "tasks.mail": ("view",),
        "tasks.periodiclock": ("view",),
    },
    Duty.SECURITY: {
        "orgs.membership": ALL,
        "accounts.adminduty": ALL,
        "auth.user": ("view",),  # to pick whom a role is given to
        "axes.accessattempt": ("view", "delete"),  # deleting a lockout unlocks the account
        "axes.accessfailurelog": ("view",),
        "otp_totp.totpdevice": ("view", "delete"),  # a lost phone: the device is removed, the user enrols again
    },
    Duty.AUDIT: {
        "audit.auditentry": ("view",),
        "accounts.adminduty": (),  # the export permission below lives on this model
    },
}
# Registered in admin, and on purpose no one's (django-axes and django-otp register these too).
NO_DUTY: set[str] = {"axes.accesslog"}
# Not model permissions: actions that belong to one duty.
EXTRA_PERMISSIONS = {Duty.AUDIT: {"accounts.export_audit"}}


def permissions_for(duty: str | None) -> set[str]:
    """The `app_label.codename` permissions of DUTY (empty for no duty)."""
    if not duty:
        return set()
    perms = set(EXTRA_PERMISSIONS.get(duty, set()))
    for model, actions in DUTY_PERMISSIONS[duty].items():
        app_label, model_name = model.split(".")
        perms |= {f"{app_label}.{action}_{model_name}" for action in actions}
    return perms
