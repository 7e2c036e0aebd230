"""`gongkai org create` and `gongkai audit verify` as spec/cli.md words them."""
import pytest
from django.core.management.base import CommandError

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Organisation

from .conftest import run


def test_it_creates_then_renames_an_organisation_and_is_idempotent(db):
    assert run("org", "create", "gz", "贵州省人民政府") == {"code": "gz", "name": "贵州省人民政府", "parent": None, "created": True}
    assert run("org", "create", "gzsti", "贵州省科技厅", "--parent", "gz")["created"] is True
    again = run("org", "create", "gzsti", "贵州省科学技术厅", "--parent", "gz")
    assert again == {"code": "gzsti", "name": "贵州省科学技术厅", "parent": "gz", "created": False}
    assert run("org", "create", "gzsti", "贵州省科学技术厅", "--parent", "gz")["created"] is False
    org = Organisation.objects.get(code="gzsti")
    assert org.name == "贵州省科学技术厅" and org.parent.code == "gz"
    assert Organisation.objects.count() == 2


@pytest.mark.parametrize("args, message", [
    (("org", "create", "not a code", "某机关"), "机构代码"),
    (("org", "create", "gzsti", "贵州省科学技术厅", "--parent", "nowhere"), "上级机关 nowhere 不存在"),
    (("org", "create", "gzsti"), "参数错误"),
    (("org", "delete", "gzsti"), "参数错误"),
])
def test_it_refuses_bad_input_with_status_2_and_writes_nothing(db, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(*args)
    assert refused.value.returncode == 2
    assert not Organisation.objects.exists()


def test_it_refuses_to_make_an_organisation_its_own_ancestor(db):
    run("org", "create", "gz", "贵州省人民政府")
    run("org", "create", "gzsti", "贵州省科学技术厅", "--parent", "gz")
    with pytest.raises(CommandError, match="下级") as refused:
        run("org", "create", "gz", "贵州省人民政府", "--parent", "gzsti")
    assert refused.value.returncode == 2
    assert Organisation.objects.get(code="gz").parent is None


def test_it_verifies_the_audit_chain_and_names_the_first_broken_entry(db):
    for n in range(3):
        run("org", "create", f"org{n}", f"机关{n}")
    assert run("audit", "verify") == {"ok": True, "entries": 3}
    second = AuditEntry.objects.order_by("pk")[1]
    AuditEntry.objects.filter(pk=second.pk).update(data={"name": "篡改后的名称"})  # someone edits the table
    with pytest.raises(CommandError, match=f"id={second.pk}") as broken:
        run("audit", "verify")
    assert broken.value.returncode == 1
