"""Applicants' personal data at rest (decision 0025): encrypted with a key from the environment,
matched through a keyed blind index, query codes kept as hashes, masked on staff pages unless
revealed (and the reveal recorded), keys rotated, and erased by `gongkai purge` after retention."""
from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, Document
from gongkai.applications.retention import applications_purge, personal_data_rekey
from gongkai.applications.selectors import application_track
from gongkai.audit.models import AuditEntry
from gongkai.core.crypto import blind_index

from ..cli.conftest import run
from .conftest import person

SECRETS = ("11010519491231002X", "13812345678", "zhangsan@example.com", "中华北路1号")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _raw(app) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("select id_number, phone, email, address, query_code_hash from applications_application where id = %s", [app.pk])
        return cursor.fetchone()


def test_the_database_holds_no_personal_data_or_query_code_in_the_clear(register):
    app = register("2026-10-20")
    code = app.query_code
    stored = _raw(app)
    assert all(value.startswith("gAAAAA") for value in stored[:4])
    assert not any(secret in " ".join(stored) for secret in SECRETS) and code not in stored[4]
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.phone, fresh.email) == SECRETS[:3]
    assert fresh.query_code == ""  # nobody can read it back, staff included
    assert application_track(app.number, code.lower()) == fresh  # tracking still works
    assert application_track(app.number, "AAAAAAAA") is None


def test_a_repeat_is_still_found_through_the_blind_index(register):
    first = register("2026-10-20")
    second = register("2026-10-21")
    assert second.flag_possible_repeat == first
    assert second.id_number_index == blind_index("id", "11010519491231002x ")
    other = register("2026-10-21", id_number="52010219900101123X", applicant_name="李四")
    assert other.flag_possible_repeat is None


def test_the_case_page_masks_the_email_and_address_until_revealed_and_records_the_reveal(client, clerk, register):
    app = register("2026-10-20")
    client.force_login(clerk)
    html = client.get(reverse("applications_staff:case", args=[app.pk])).content.decode()
    assert not any(secret in html for secret in SECRETS)
    assert "zh***@example.com" in html and "贵州省贵阳市****" in html
    shown = client.post(reverse("applications_staff:reveal", args=[app.pk])).content.decode()
    assert all(secret in shown for secret in SECRETS)
    assert AuditEntry.objects.filter(action="application.personal_data_viewed", actor=clerk).count() == 1


def test_keys_rotate_without_losing_a_record(register, settings):
    old = settings.GONGKAI_DATA_KEYS[0]
    app = register("2026-10-20")
    new = Fernet.generate_key().decode()
    settings.GONGKAI_DATA_KEYS = [new, old]  # step 1: the new key first, the old one still decrypts
    assert Application.objects.get(pk=app.pk).phone == "13812345678"
    assert personal_data_rekey()["applications"] == 1  # step 2: everything re-encrypted under the new key
    settings.GONGKAI_DATA_KEYS = [new]  # step 3: the old key dropped
    assert Application.objects.get(pk=app.pk).id_number == "11010519491231002X"
    assert Fernet(new.encode()).decrypt(_raw(app)[1].encode()) == b"13812345678"


def test_rekey_encrypts_rows_written_before_encryption(register):
    app = register("2026-10-20")
    with connection.cursor() as cursor:  # a row as the old schema left it
        cursor.execute("update applications_application set phone = %s where id = %s", ["13900001111", app.pk])
    assert Application.objects.get(pk=app.pk).phone == "13900001111"
    personal_data_rekey()
    assert _raw(app)[1].startswith("gAAAAA") and Application.objects.get(pk=app.pk).phone == "13900001111"


@pytest.fixture
def closed(org, clerk, supervisor, monkeypatch):
    """A case closed on 2022-03-10 with the applicant's attachment, and an open one."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2022, 3, 10))
    app = services.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=dt.date(2022, 3, 1),
                                        scans=[("来信.pdf", PDF)])
    draft = services.decision_draft(app_id=app.pk, by=clerk, outcome="disclosed", reply_text="予以公开。")
    services.decision_approve(decision_id=draft.pk, by=supervisor)
    open_case = services.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=dt.date(2022, 3, 2))
    monkeypatch.undo()
    return Application.objects.get(pk=app.pk), open_case


def test_purge_erases_personal_data_after_the_retention_period_and_is_safe_twice(closed, settings):
    app, open_case = closed
    settings.GONGKAI_RETENTION_DAYS = 365
    scan = app.documents.get(kind=Document.Kind.SCAN)
    assert applications_purge(today=dt.date(2023, 3, 10))["erased"] == 0  # 365 days: not yet
    result = run("purge", "--on", "2023-03-11")
    assert result["erased"] == 1 and result["documents"] == 1
    app.refresh_from_db()
    assert (app.id_number, app.phone, app.email, app.address, app.id_number_index) == ("", "", "", "", "")
    assert app.personal_data_erased_on == dt.date(2023, 3, 11) and app.outcome == "disclosed" and app.subject
    assert not Document.objects.filter(pk=scan.pk).exists()
    assert app.documents.filter(kind=Document.Kind.LETTER).count() == 2  # the reply stays with the case
    assert Application.objects.get(pk=open_case.pk).phone == "13812345678"  # open cases are never touched
    assert run("purge", "--on", "2023-03-12")["erased"] == 0
    assert AuditEntry.objects.filter(action="application.personal_data_erased").count() == 1


def test_staff_give_a_new_query_code_to_an_applicant_who_lost_theirs(client, clerk, register):
    app = register("2026-10-20")
    old = app.query_code
    client.force_login(clerk)
    html = client.post(reverse("applications_staff:query_code_reset", args=[app.pk])).content.decode()
    new = html.split('id="new-query-code">')[1].split("<")[0]
    assert len(new) == 8 and new != old
    assert application_track(app.number, new) is not None and application_track(app.number, old) is None
    assert AuditEntry.objects.filter(action="application.note", data__note="应申请人要求重新生成查询码（原查询码作废）").count() == 1
    assert new not in client.get(reverse("applications_staff:case", args=[app.pk])).content.decode()
