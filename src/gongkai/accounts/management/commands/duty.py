"""`gongkai duty grant USERNAME system|security|audit [--create]`, `gongkai duty revoke USERNAME`,
`gongkai duty list`: the three administrators (三员分立) from the command line, so that an
installation needs no superuser. With --create the password is read from standard input (or asked
for twice on a terminal) and must meet the password policy."""
from __future__ import annotations

import getpass
import sys

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import AdminDuty, Duty
from gongkai.accounts.services import duty_assign, duty_revoke
from gongkai.core.cli import BadInput, GongkaiCommand


class Command(GongkaiCommand):
    help = "三员管理：gongkai duty grant 用户名 system|security|audit [--create]、duty revoke 用户名、duty list"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        grant = actions.add_parser("grant", help="授予管理员职责（系统、安全、审计管理员之一）")
        grant.add_argument("username")
        grant.add_argument("duty", choices=Duty.values)
        grant.add_argument("--create", action="store_true", help="账号不存在时创建（密码从标准输入读取）")
        revoke = actions.add_parser("revoke", help="撤销管理员职责")
        revoke.add_argument("username")
        actions.add_parser("list", help="列出三员")

    def handle(self, *args, action, **options):
        if action == "list":
            self.print_json([{"username": d.user.username, "duty": d.duty, "label": d.get_duty_display()}
                             for d in AdminDuty.objects.select_related("user").order_by("duty", "user__username")])
            return
        user = User.objects.filter(username=options["username"]).first()
        if action == "revoke":
            if user is None:
                raise BadInput(f"账号 {options['username']} 不存在")
            duty_revoke(user_id=user.pk, by=None)
            self.print_json({"username": user.username, "duty": None})
            return
        with transaction.atomic():
            if user is None:
                if not options["create"]:
                    raise BadInput(f"账号 {options['username']} 不存在（加 --create 创建）")
                user = self._create(options["username"])
            duty = duty_assign(user_id=user.pk, duty=options["duty"], by=None)
        self.print_json({"username": user.username, "duty": duty.duty, "label": duty.get_duty_display()})

    def _create(self, username: str) -> User:
        if sys.stdin.isatty():
            password = getpass.getpass("密码：")
            if getpass.getpass("再输入一次：") != password:
                raise BadInput("两次输入的密码不一致")
        else:
            password = sys.stdin.readline().rstrip("\n")
        user = User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise BadInput("密码不符合要求：" + "；".join(e.messages)) from None
        user.set_password(password)
        user.save()
        return user
