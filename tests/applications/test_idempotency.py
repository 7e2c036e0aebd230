"""One form token, one application; one Idempotency-Key, one application — with the first receipt
given again to whoever repeats the submission (decision 0023). The proof across real worker
processes is tests/applications/test_workers.py."""
from __future__ import annotations

import json
import os

import pytest

from gongkai.applications.models import Application
from gongkai.core.models import IdempotencyKey

from .public_helpers import form_token, person_form

API = "/api/v1/applications/"


def _api_body(**overrides):
    return {"applicant_type": "natural_person", "applicant_name": "张三丰", "id_type": "resident_id",
            "id_number": "11010519491231002X", "phone": "13812345678", "email": "zsf@example.com",
            "subject": "2025年度省科技计划项目立项清单", **overrides}


def test_it_gives_the_first_receipt_to_a_resubmission_after_a_lost_answer(client, django_user_model, org):
    token = form_token(client)
    first = client.post("/apply/", {**person_form(), "token": token})
    assert first.status_code == 302
    shown = client.get("/apply/done/").content.decode()
    # The first answer is lost: the browser is gone, a new one (no session) sends the same form again.
    client.cookies.clear()
    again = client.post("/apply/", {**person_form(), "token": token})
    assert again.status_code == 302
    shown_again = client.get("/apply/done/").content.decode()
    app = Application.objects.get()
    number = app.number
    assert number in shown and number in shown_again
    code = shown.split('id="receipt-code">')[1].split("<")[0]
    assert code and code in shown_again


def test_a_double_click_makes_one_record_and_one_key(client, org):
    token = form_token(client)
    for _ in range(3):
        assert client.post("/apply/", {**person_form(), "token": token}).status_code == 302
    assert Application.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
    # The token itself is not stored: only a hash of it, and the receipt only encrypted.
    row = IdempotencyKey.objects.get()
    assert token not in row.key and "receipt" not in row.receipt and row.receipt.startswith("gAAAAA")


def test_a_refused_form_leaves_its_token_free_for_the_corrected_one(client, org):
    token = form_token(client)
    refused = client.post("/apply/", {**person_form(id_number="123"), "token": token})
    assert refused.status_code == 200 and Application.objects.count() == 0
    assert client.post("/apply/", {**person_form(), "token": token}).status_code == 302
    assert Application.objects.count() == 1


def test_the_api_replays_the_first_answer_for_one_idempotency_key(client, org):
    body = json.dumps(_api_body())
    first = client.post(API, body, content_type="application/json", headers={"Idempotency-Key": "k-1"})
    again = client.post(API, body, content_type="application/json", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Application.objects.count() == 1


def test_the_api_refuses_one_key_for_two_different_applications(client, org):
    client.post(API, json.dumps(_api_body()), content_type="application/json", headers={"Idempotency-Key": "k-2"})
    other = client.post(API, json.dumps(_api_body(subject="另一件事：2024年科技奖励名单")), content_type="application/json",
                        headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]
    assert Application.objects.count() == 1


def test_without_a_key_each_api_post_is_a_new_application(client, org):
    for _ in range(2):
        assert client.post(API, json.dumps(_api_body()), content_type="application/json").status_code == 201
    assert Application.objects.count() == 2


def test_replays_do_not_use_up_the_address_limit(client, org, settings):
    settings.GONGKAI_THROTTLE = {"apply": (1, 3600)}
    body = json.dumps(_api_body())
    for _ in range(3):
        assert client.post(API, body, content_type="application/json", headers={"Idempotency-Key": "k-3"}).status_code == 201
    assert client.post(API, json.dumps(_api_body(subject="新的申请内容：2023年项目")), content_type="application/json").status_code == 429


@pytest.mark.parametrize("store", ["database", "cache"])
def test_the_limit_is_counted_in_a_store_every_worker_shares(rf, settings, db, store):
    """The database store is one upsert; the cache store is Redis (DB 5, our own prefix) in production."""
    from gongkai.applications.throttle import throttle_hit

    settings.GONGKAI_THROTTLE_STORE = store
    settings.GONGKAI_THROTTLE = {"track": (3, 600)}
    if store == "cache":
        redis = pytest.importorskip("redis")
        client = redis.Redis.from_url("redis://127.0.0.1:6379/5")
        try:
            client.ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        prefix = f"gk-data-test-{os.getpid()}"  # never FLUSHDB: other checkouts share DB 5
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:6379/5", "KEY_PREFIX": prefix}}
    try:
        request = rf.post("/", REMOTE_ADDR="10.0.0.9")
        assert [throttle_hit(request, "track") for _ in range(5)] == [True, True, True, False, False]
        assert throttle_hit(rf.post("/", REMOTE_ADDR="10.0.0.10"), "track")
    finally:
        if store == "cache":
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
