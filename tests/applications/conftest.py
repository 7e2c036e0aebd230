import datetime as dt

import pytest

from gongkai.applications import services


def person(**overrides) -> dict:
    data = dict(
        applicant_type="natural_person", applicant_name="张三", id_type="resident_id", id_number="11010519491231002X",
        phone="13812345678", email="zhangsan@example.com", address="贵州省贵阳市云岩区中华北路1号",
        subject="2025年度省科技计划项目立项清单", provision_form="email", delivery="email",
    )
    data.update(overrides)
    return data


@pytest.fixture
def register(org, clerk):
    def _register(received: str, **overrides):
        return services.application_register(org=org, by=clerk, data=person(**overrides), channel="letter",
                                             received_on=dt.date.fromisoformat(received))
    return _register
