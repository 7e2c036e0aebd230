"""Helpers shared by the tests of the public side of applications (test_public_*.py)."""
from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.cache import cache

BEIJING = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The applicant of the tests: every item here must stay off the tracking page and the status API.
PERSON = {"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678",
          "email": "zhangsanfeng@example.com", "address": "贵州省贵阳市云岩区中华北路1号"}


def person_form(**overrides) -> dict:
    data = {
        "applicant_kind": "person", "name": PERSON["name"], "id_type": "resident_id", "id_number": PERSON["id_number"],
        "phone": PERSON["phone"], "email": PERSON["email"], "address": PERSON["address"], "postcode": "550001",
        "subject": "2025年度省科技计划项目立项清单", "purpose": "了解项目情况", "provision_form": "email",
        "delivery": "email", "website": "",
    }
    data.update(overrides)
    return data


def organisation_form(**overrides) -> dict:
    data = {
        "applicant_kind": "organisation", "org_name": "贵州某某律师事务所", "org_type": "legal_services",
        "credit_code": "91520100MA6DK8QL06", "legal_representative": "李四", "contact_name": "王五",
        "phone": "0851-86868686", "email": "office@example.com", "address": "贵阳市南明区某路2号", "postcode": "550002",
        "subject": "2026年省级科技专项资金分配结果", "provision_form": "paper", "delivery": "post", "website": "",
    }
    data.update(overrides)
    return data


def form_token(client, url: str = "/apply/") -> str:
    """The one-time token of a freshly shown form."""
    html = client.get(url).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def submit(client, data: dict, url: str = "/apply/", **kwargs):
    return client.post(url, {**data, "token": form_token(client, url)}, **kwargs)


@contextmanager
def beijing_now(when: str):
    """Freezes Django's clock at WHEN, Beijing time (e.g. "2026-09-24 10:00")."""
    moment = dt.datetime.fromisoformat(when).replace(tzinfo=BEIJING)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def clear_cache():
    # The throttle and the one-time tokens live in the cache; each test starts with none.
    cache.clear()
