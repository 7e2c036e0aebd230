"""The workbench's one write: saving a draft form together with its attachments.

A form save is several catalogue services (create or update, then add and remove attachments); they
run in one transaction so that a refused attachment (wrong type, too large) leaves nothing half-saved
and the clerk can correct the form and send it again.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Revision
from gongkai.core.errors import GongkaiError
from gongkai.orgs.models import Organisation


class AttachmentRefused(GongkaiError):
    """An uploaded file was refused; the form shows the message beside the upload field."""


@dataclass
class Upload:
    name: str
    content: bytes


@transaction.atomic
def draft_save(*, by, data: dict, uploads: list[Upload], remove_ids: list[int] = (),
               org: Organisation | None = None, revision_id: int | None = None) -> Revision:
    """Creates a draft in ORG, or updates revision REVISION_ID, then applies the attachment changes.
    Every catalogue rule (role, editable status, file type by content, size) is the catalogue's."""
    if revision_id is None:
        item: Item = catalog.item_create_draft(org=org, by=by, data=data)
        revision = item.revisions.get()
    else:
        revision = catalog.revision_update(revision_id=revision_id, by=by, data=data)
    for attachment_id in remove_ids:
        catalog.attachment_remove(attachment_id=attachment_id, by=by)
    for upload in uploads:
        try:
            catalog.attachment_add(revision_id=revision.pk, by=by, name=upload.name, content=upload.content)
        except GongkaiError as e:
            raise AttachmentRefused(e.message) from None
    return revision
