"""Bodies that receive submissions: the province over the agency (with its own staff) and an outside
body (科技部, made with `gongkai org create`, no staff in Gongkai)."""
import pytest

from gongkai.orgs.models import Organisation, Role
from gongkai.publicity import services

from ..conftest import _user


@pytest.fixture
def province(org):
    province = Organisation.objects.create(code="gzprov", name="贵州省人民政府")
    org.parent = province
    org.save(update_fields=["parent"])
    return province


@pytest.fixture
def province_clerk(province):
    return _user("province", (province, None, Role.CLERK))


@pytest.fixture
def most(db):
    return Organisation.objects.create(code="MOST", name="科学技术部")


@pytest.fixture
def channels(org):
    services.channels_ensure(org=org)
    return {c.code: c for c in org.channels.all()}
