"""The password policy, from a table worked out by hand: at least 12 characters, at least 3 of the
4 kinds (upper case, lower case, digits, symbols), not a site word with digits, not common, not
like the user's name, not one of the user's last 5 passwords. Messages in Chinese."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gongkai.accounts.models import PasswordHistory

CASES = [
    # password,            accepted, what refuses it (a word of the message)
    ("Gongkai2026", False, "至少需要 12 个字符"),         # 11 characters; and the site's name with a year
    ("Gongkai@2026!", False, "常见词"),                  # 13 characters, 4 kinds, but only "gongkai" + digits
    ("Admin@12345678", False, "常见词"),                 # "admin" + digits and symbols
    ("shortPass1!", False, "至少需要 12 个字符"),         # 11
    ("alllowercaseletters", False, "缺少：大写字母、数字、符号"),  # 1 kind
    ("lowercase-and-symbols", False, "缺少：大写字母、数字"),      # 2 kinds
    ("123456789012", False, "缺少：大写字母、小写字母、符号"),     # digits only (and all numeric)
    ("Zhengce-Fagui-7", True, ""),                       # 15 characters, 4 kinds
    ("meishu lou 42 hao", True, ""),                     # 17: lower, digits, spaces (symbols) = 3 kinds
    ("Qiannan7Duyun9Xian", True, ""),                    # upper, lower, digits
    ("Gongkai-demo-2026", True, ""),                     # the site word with a real word beside it
]


@pytest.mark.parametrize("password, accepted, reason", CASES)
def test_the_password_policy(db, password, accepted, reason):
    user = User.objects.create_user("wangxinxi", password=None)
    if accepted:
        validate_password(password, user)
        return
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert reason in " ".join(refused.value.messages)


def test_it_refuses_a_password_like_the_user_s_name(db):
    user = User.objects.create_user("zhangzhuguan", password=None, first_name="张主管")
    with pytest.raises(ValidationError) as refused:
        validate_password("Zhangzhuguan1", user)
    assert "太相似" in " ".join(refused.value.messages) or "相似" in " ".join(refused.value.messages)


def test_it_refuses_the_last_five_passwords_and_accepts_the_sixth_back(db):
    passwords = [f"Qiannan{n}-Duyun-Xian" for n in range(1, 7)]
    user = User.objects.create_user("wangxinxi", password=passwords[0])
    for p in passwords[1:]:
        validate_password(p, user)  # each is new
        user.set_password(p)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5  # only the newest five are kept
    for p in passwords[1:]:  # the last five (the current one included) are refused
        with pytest.raises(ValidationError) as refused:
            validate_password(p, user)
        assert "最近 5 次用过的密码" in refused.value.messages[0]
    validate_password(passwords[0], user)  # the sixth back may be used again


def test_changing_the_password_in_the_workbench_applies_the_policy_and_audits(client, clerk):
    from gongkai.audit.models import AuditEntry

    client.force_login(clerk)
    refused = client.post("/workbench/account/password/", {
        "old_password": "Gongkai-test-2026", "new_password1": "Gongkai2026", "new_password2": "Gongkai2026"})
    assert refused.status_code == 200 and "至少需要 12 个字符" in refused.content.decode()
    reused = client.post("/workbench/account/password/", {
        "old_password": "Gongkai-test-2026", "new_password1": "Gongkai-test-2026", "new_password2": "Gongkai-test-2026"})
    assert "最近 5 次用过的密码" in reused.content.decode()
    done = client.post("/workbench/account/password/", {
        "old_password": "Gongkai-test-2026", "new_password1": "Zhengce-Fagui-7", "new_password2": "Zhengce-Fagui-7"})
    assert done.status_code == 302
    entry = AuditEntry.objects.filter(action="auth.password_changed").last()
    assert entry.actor_id == clerk.pk and entry.data == {"username": "clerk"}
    clerk.refresh_from_db()
    assert clerk.check_password("Zhengce-Fagui-7")
