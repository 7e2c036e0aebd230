"""The password policy (等保 2.0 level 3, OWASP ASVS 2.1): validators named in AUTH_PASSWORD_VALIDATORS.

Django runs every validator when a password is chosen through a form or `changepassword` and calls
each one's `password_changed` after a new password is saved; the history is written there, so that
every way of setting a password (workbench, admin, command line, code) keeps it.
"""
from __future__ import annotations

import re

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9]")),
)

# Passwords an attacker tries first against this site: its own name, the agency's, the year.
SITE_WORDS = ("gongkai", "admin", "password", "passw0rd", "qwerty", "guizhou", "kejiting", "zhengwu", "xinxi")


class MinimumLengthValidator:
    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符（现在 {len(password)} 个）", code="password_too_short")

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """At least N of the four kinds of character: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = [name for name, pattern in CLASSES if pattern.search(password)]
        if len(found) < self.min_classes:
            missing = "、".join(name for name, _ in CLASSES if name not in found)
            raise ValidationError(f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类（缺少：{missing}）",
                                  code="password_too_simple")

    def get_help_text(self):
        return f"须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class SiteWordValidator:
    """Refuses a site word with a year or digits around it (Gongkai2026, Admin@123, …): what is left of
    the password, once the word, digits and symbols are taken out, is too little to guess."""

    def validate(self, password, user=None):
        lowered = password.lower()
        for word in SITE_WORDS:
            if word in lowered:
                rest = re.sub(r"[^a-z]", "", lowered.replace(word, ""))
                if len(rest) < 4:
                    raise ValidationError(f"密码不能只是常见词“{word}”加上数字或符号，请换一个不易猜到的密码", code="password_site_word")

    def get_help_text(self):
        return "不能只是系统名称、“admin”等常见词加上年份或数字。"


class NotRecentlyUsedValidator:
    """Not one of the last N passwords of the user (the current one included)."""

    def __init__(self, remember: int = 5):
        self.remember = remember

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        previous = list(PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[: self.remember])
        if user.password and user.password not in previous:
            previous.insert(0, user.password)
        if any(check_password(password, encoded) for encoded in previous[: self.remember]):
            raise ValidationError(f"不能使用最近 {self.remember} 次用过的密码", code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .services import password_history_add

        password_history_add(user=user, remember=self.remember)

    def get_help_text(self):
        return f"不能与最近 {self.remember} 次用过的密码相同。"


def policy_help() -> list[str]:
    from django.contrib.auth.password_validation import password_validators_help_texts

    return password_validators_help_texts()


__all__ = ["MinimumLengthValidator", "CharacterClassesValidator", "SiteWordValidator", "NotRecentlyUsedValidator",
           "policy_help"]
