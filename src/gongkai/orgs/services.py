from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput

from .models import Organisation


@transaction.atomic
def org_create_or_rename(*, code: str, name: str, parent_code: str | None = None, by=None) -> tuple[Organisation, bool]:
    """Creates organisation CODE, or renames it; idempotent (`gongkai org create`)."""
    from django.core.validators import validate_slug
    from django.core.exceptions import ValidationError

    try:
        validate_slug(code)
    except ValidationError:
        raise InvalidInput(f"机构代码 {code!r} 只能包含字母、数字、下划线和连字符") from None
    if not name.strip():
        raise InvalidInput("机构名称不能为空")
    parent = None
    if parent_code:
        parent = Organisation.objects.filter(code=parent_code).first()
        if parent is None:
            raise InvalidInput(f"上级机关 {parent_code} 不存在")
        if parent_code == code:
            raise InvalidInput("机关不能是自己的上级")
    org, created = Organisation.objects.get_or_create(code=code, defaults={"name": name.strip(), "parent": parent})
    if not created:
        changed = org.name != name.strip() or (parent_code is not None and org.parent_id != (parent.pk if parent else None))
        # A cycle would appear if the new parent sits at or below this organisation.
        if parent is not None and parent.pk in org.descendant_ids():
            raise InvalidInput("上级机关不能是本机关的下级")
        org.name = name.strip()
        if parent_code is not None:
            org.parent = parent
        if changed:
            org.save()
            audit_record("org.renamed", by=by, org=org, obj=org, data={"name": org.name})
    else:
        audit_record("org.created", by=by, org=org, obj=org, data={"name": org.name})
    return org, created
