"""The masked forms of applicants' personal data are stored when the case is written (id_masked,
phone_masked, email_masked, address_masked), so the staff queue and the case page show them without
decrypting anything; every write path keeps them right, and only the recorded reveal decrypts."""
from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, mask_value, masked_values
from gongkai.applications.retention import applications_purge, personal_data_rekey
from gongkai.core import crypto

from .conftest import person
from .test_staff_queue import resident_id

MASKED = ("id_masked", "phone_masked", "email_masked", "address_masked")
QUEUE = reverse("applications_staff:queue")


@pytest.mark.parametrize(("mask", "value", "shown"), [
    ("id", "11010519491231002X", "110***********002X"),   # 18-digit resident ID ending in X
    ("id", "110105491231002", "110********1002"),         # the old 15-digit ID
    ("id", "E12345678", "E12**5678"),                     # a passport
    ("id", "1234567", "*******"),                         # too short to show any of it
    ("phone", "13812345678", "138****5678"),              # mobile
    ("phone", "0851-86812345", "085*****2345"),           # landline with area code, the dash dropped
    ("phone", "138 1234 5678", "138****5678"),
    ("email", "zhangsan@example.com", "zh***@example.com"),
    ("email", "a@b.cn", "a***@b.cn"),
    ("email", "not-an-address", "**************"),
    ("address", "贵州省贵阳市云岩区中华北路1号", "贵州省贵阳市****"),
    ("address", "贵阳市", "***"),
    ("id", "", ""), ("phone", "", ""), ("email", "", ""), ("address", "", ""),  # nothing given, nothing shown
])
def test_the_masks(mask, value, shown):
    assert mask_value(mask, value) == shown


def _raw_masks(app) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"select {', '.join(MASKED)} from applications_application where id = %s", [app.pk])
        return cursor.fetchone()


EXPECTED = ("110***********002X", "138****5678", "zh***@example.com", "贵州省贵阳市****")


def test_registering_a_case_stores_the_masks(register):
    assert _raw_masks(register("2026-10-20")) == EXPECTED


def test_a_case_without_an_id_or_e_mail_stores_empty_masks(org, clerk):
    app = services.application_register(
        org=org, by=clerk, channel="letter", received_on=dt.date(2026, 10, 20),
        data=person(applicant_type="business", applicant_name="某科技有限公司", id_type="", id_number="",
                    credit_code="91520100MA6DK8QL06", contact_name="王五", email="", delivery="post", phone="0851-86812345"))
    assert _raw_masks(app) == ("", "085*****2345", "", "贵州省贵阳市****")


def test_the_api_stores_the_masks(client, org):
    cache.clear()
    body = person(org=org.code)
    response = client.post("/api/v1/applications/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert _raw_masks(Application.objects.get(number=response.json()["number"])) == EXPECTED


def test_a_partial_save_of_a_value_writes_its_mask_too(register):
    app = register("2026-10-20")
    app.phone = "13900001111"
    app.save(update_fields=["phone"])
    assert _raw_masks(app)[1] == "139****1111"
    assert masked_values({"phone": "13900001111", "subject": "x"}) == {"phone_masked": "139****1111"}


def test_key_rotation_leaves_the_masks_as_they_were(register, settings):
    app = register("2026-10-20")
    settings.GONGKAI_DATA_KEYS = [Fernet.generate_key().decode(), *settings.GONGKAI_DATA_KEYS]
    personal_data_rekey()
    assert _raw_masks(app) == EXPECTED


def test_purge_erases_the_masks_with_the_values(org, clerk, supervisor, monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2022, 3, 10))
    app = services.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=dt.date(2022, 3, 1))
    draft = services.decision_draft(app_id=app.pk, by=clerk, outcome="disclosed", reply_text="予以公开。")
    services.decision_approve(decision_id=draft.pk, by=supervisor)
    monkeypatch.undo()
    settings.GONGKAI_RETENTION_DAYS = 365
    assert applications_purge(today=dt.date(2023, 3, 11))["erased"] == 1
    assert _raw_masks(app) == ("", "", "", "")


def test_the_migration_fills_the_masks_of_existing_rows(register):
    app = register("2026-10-20")
    Application.objects.filter(pk=app.pk).update(**dict.fromkeys(MASKED, ""))  # as rows stood before 0006
    migration = importlib.import_module("gongkai.applications.migrations.0006_personal_data_masked")
    migration.fill_masks(django_apps, None)
    assert _raw_masks(app) == EXPECTED


def _refuse(token):
    raise AssertionError("decrypted a personal value while rendering")




def test_the_queue_decrypts_nothing_and_its_query_count_stays_put(client, org, clerk, register, monkeypatch,
                                                                 django_assert_num_queries):
    first = register("2026-10-20")
    client.force_login(clerk)
    client.get(QUEUE)  # the session and the calendar warmed up
    with django_assert_num_queries(7) as few:
        client.get(QUEUE)
    for n in range(5):
        register("2026-10-21", id_number=resident_id("19900101", n), applicant_name=f"申请人{n}")
    monkeypatch.setattr(crypto, "decrypt", _refuse)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200 and first.number in html and html.count("<tr") == 7
    assert "110***********002X" in html and "138****5678" in html and "11010519491231002X" not in html
    assert client.get(QUEUE, {"show": "closed"}).status_code == 200


def test_the_case_page_decrypts_nothing_until_revealed(client, clerk, register, monkeypatch):
    app = register("2026-10-20")
    client.force_login(clerk)
    monkeypatch.setattr(crypto, "decrypt", _refuse)
    html = client.get(reverse("applications_staff:case", args=[app.pk])).content.decode()
    assert all(mask in html for mask in EXPECTED) and "11010519491231002X" not in html
    monkeypatch.undo()  # the reveal (recorded) is the one place that decrypts
    shown = client.post(reverse("applications_staff:reveal", args=[app.pk])).content.decode()
    assert "11010519491231002X" in shown and "zhangsan@example.com" in shown
