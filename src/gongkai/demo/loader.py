"""Loads the demo agency, idempotently: a second run finds everything in place and changes nothing.

Organisations, departments, people and the non-public catalogue are looked up by their natural keys
and created when missing. The catalogue is loaded once (when the agency has no items yet): history
through the import service (index numbers, portal, search), then a handful of items taken part-way
along the review chain by the people who would do it, so that every workbench queue has work in it.
The applications (依申请公开) are loaded once too, through their services (`applications.py`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.catalog import services as catalog
from gongkai.catalog.importing import items_write
from gongkai.catalog.models import Attachment, Item, NonPublicCategory, Topic
from gongkai.interaction.models import Message
from gongkai.catalog.sanitize import text_to_html
from gongkai.orgs.models import Department, Membership, Organisation
from gongkai.orgs.services import org_create_or_rename

from . import data
from .accounts import ADMINS, load_admins
from .applications import load_applications
from .consultation import load_consultation_demo
from .messages import load_messages
from .content import DemoItem, demo_items
from .guard import load_guard
from .inspection import load_inspection
from .letters import load_letter_settings
from .portal import load_portal
from .publicity import load_publicity
from .workflow import load_review_queues


@dataclass
class Login:
    username: str
    password: str
    role: str


@transaction.atomic
def demo_load() -> dict:
    """Loads (or finds) the demo agency; returns what is there and the demo logins."""
    org = _organisations()
    departments = _departments(org)
    users = _people(org, departments)
    _non_public(org)
    loaded = False
    if not Item.objects.filter(org=org).exists():
        _history(org, departments)
        load_review_queues(org, departments, users)
        loaded = True
    load_guard(org, departments, users)  # 保密审查: a blocked notice for the 公开主管 (idempotent)
    load_letter_settings(org)  # before the cases, whose letters carry it
    if not Application.objects.filter(org=org).exists():  # the cases of 依申请公开, also loaded once
        load_applications(org, users)
    if not Message.objects.filter(org=org).exists():  # the public's messages (回应关切), once
        load_messages(org, users)
    load_consultation_demo(org, users)  # 征求意见, 建议提案 and 政策解读 links, before last year's report counts them
    load_publicity(org, users)  # events, posts, submissions, the work plan: before last year's report
    _annual_report(org, users["zhuguan"])
    load_portal(org)  # 公开制度, 机构职能, 专题
    load_inspection(org, users["zhuguan"])
    return {
        "org": org.code,
        "loaded_items": loaded,
        "items": Item.objects.filter(org=org).count(),
        "published": Item.objects.filter(org=org, status=Item.Status.PUBLISHED).count(),
        "departments": len(departments),
        "applications": Application.objects.filter(org=org).count(),
        "logins": demo_logins(),
    }


def _annual_report(org: Organisation, supervisor: User) -> None:
    """Last year's annual report, finalised, so that the portal's 年度报告 column has one to show."""
    from gongkai.reports import services as reports
    from gongkai.reports.models import AnnualReport

    year = timezone.localdate().year - 1
    if AnnualReport.objects.filter(org=org, year=year).exists():
        return
    report = reports.report_prepare(org=org, year=year, by=supervisor)
    reports.year_figures_set(org=org, year=year, by=supervisor, licensing=126, penalty=4, enforcement=0, fees_10k_yuan=0)
    reports.report_update(report_id=report.pk, by=supervisor, overview=report.overview,
                          problems="公开信息不够全面、公开渠道较为单一、部分信息公开时间滞后。",
                          other_matters=report.other_matters)
    reports.report_finalise(report_id=report.pk, by=supervisor)
    # Reports are due by 31 January (第五十条): the demo's was published on 20 January of this year,
    # not on the day the demo was loaded (seed data, hence the direct update).
    published = timezone.make_aware(dt.datetime(year + 1, 1, 20, 10, 0))
    AnnualReport.objects.filter(pk=report.pk).update(finalised_at=min(published, timezone.now()))


def demo_logins() -> list[Login]:
    logins = [Login(username, data.DEMO_PASSWORD, label) for username, _, label, _ in data.USERS]
    return logins + [Login(a.username, data.ADMIN_PASSWORD, f"{a.duty.label}（/admin/，二次验证密钥 {a.secret}）")
                     for a in ADMINS]


def _organisations() -> Organisation:
    org_create_or_rename(code=data.PROVINCE["code"], name=data.PROVINCE["name"])
    org, _ = org_create_or_rename(code=data.AGENCY["code"], name=data.AGENCY["name"], parent_code=data.PROVINCE["code"])
    wanted = {k: v for k, v in data.AGENCY.items() if k not in ("code", "name")} | {"disclosure_guide": data.GUIDE_HTML.strip()}
    # Filled in once; an admin's later edits are kept (and an unchanged row is not written again).
    changed = [k for k, v in wanted.items() if not getattr(org, k)]
    for k in changed:
        setattr(org, k, wanted[k])
    if changed:
        org.save(update_fields=changed)
    return org


def _departments(org: Organisation) -> dict[str, Department]:
    found = {}
    for order, (name, kind) in enumerate(data.DEPARTMENTS, start=1):
        found[name], _ = Department.objects.get_or_create(org=org, name=name, defaults={"kind": kind, "order": order})
    return found


def _people(org: Organisation, departments: dict[str, Department]) -> dict[str, User]:
    users = {}
    for username, display, _, roles in data.USERS:
        user = _user(username, display, data.DEMO_PASSWORD)
        for role, dept_name in roles:
            Membership.objects.get_or_create(user=user, org=org, role=role,
                                             department=departments[dept_name] if dept_name else None)
        users[username] = user
    users.update(load_admins())  # 三员: system, security and audit administrators
    return users


def _user(username: str, display: str, password: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:  # the password is set once; a demo user who changed it keeps theirs
        user = User(username=username, first_name=display)
        user.set_password(password)
        user.save()
    return user


def _non_public(org: Organisation) -> None:
    for order, (name, description, basis) in enumerate(data.NON_PUBLIC, start=1):
        NonPublicCategory.objects.get_or_create(
            org=org, name=name, defaults={"description": description, "basis": basis, "order": order}
        )


def _history(org: Organisation, departments: dict[str, Department]) -> None:
    topics = {t.name: t for t in Topic.objects.all()}
    items = demo_items()
    rows = [(n, _row(item, topics, departments)) for n, item in enumerate(items, start=2)]
    items_write(org=org, rows=rows, by=None)
    # Attachments of the published revisions (budget tables, guidelines, lists of projects).
    created = {i.title: i for i in Item.objects.filter(org=org).select_related("published_revision")}  # titles are unique here
    for item in items:
        if item.attachment:
            _attach(created[item.title].published_revision, item)


def _row(item: DemoItem, topics: dict[str, Topic], departments: dict[str, Department]) -> catalog.ImportedItem:
    return catalog.ImportedItem(
        data={
            "title": item.title, "body": text_to_html(item.body), "created_on": item.created_on,
            "document_number": item.document_number, "topic": topics[item.topic], "kind": item.kind,
            "validity": item.validity, "repealed_on": item.repealed_on, "publisher": item.publisher,
            "keywords": item.keywords, "department": departments[item.dept],
        },
        index_number=None,
        published_on=item.published_on,
    )


def _attach(revision, item: DemoItem) -> None:
    """Seed data: a file on an already published revision (attachment_add serves drafts only)."""
    name, content, mime = _xlsx(item) if item.attachment == "xlsx" else _docx(item)
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(revision=revision, name=name, content_type=mime, size=len(content), sha256=digest)
    attachment.file.save(f"{digest[:12]}.{item.attachment}", ContentFile(content), save=False)
    attachment.save()


def _xlsx(item: DemoItem) -> tuple[str, bytes, str]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "收支总表"
    sheet.append([item.title])
    sheet.append(["项目", "金额（万元）"])
    for n, line in enumerate(("一般公共预算拨款", "政府性基金", "事业收入", "其他收入"), start=1):
        sheet.append([line, 1000 * n + len(item.title) * 7])
    buffer = io.BytesIO()
    book.save(buffer)
    return f"{item.title}.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _docx(item: DemoItem) -> tuple[str, bytes, str]:
    from docx import Document

    document = Document()
    document.add_heading(item.title, level=1)
    for paragraph in item.body.splitlines():
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    suffix = "名单" if item.kind == "project_notice" else "附件"
    return f"{item.title}（{suffix}）.docx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
