"""Keeping the index in step with the catalogue. Called inside publish/withdraw transactions."""
from __future__ import annotations

from .backends import get_backend
from .models import SearchDocument


def _document_fields(item) -> dict:
    return dict(
        org_id=item.org_id, department_id=item.department_id, topic_id=item.topic_id, kind=item.kind,
        year=item.published_on.year, published_on=item.published_on, title=item.title,
    )


def _body(item, attachment_texts=()) -> str:
    return " ".join(filter(None, [item.summary, item.body_text, item.document_number, item.keywords, *attachment_texts]))


def _attachment_texts(item) -> list[str]:
    """The published text of the published revision's attachments (redactions applied): a word
    inside a published attachment finds its item."""
    from gongkai.catalog.models import Attachment

    if not item.published_revision_id:
        return []
    return list(Attachment.objects.filter(revision_id=item.published_revision_id).exclude(public_text="")
                .values_list("public_text", flat=True))


def search_index_item(item) -> None:
    """Indexes a published item (or re-indexes it after a new revision was published)."""
    doc, _ = SearchDocument.objects.update_or_create(item_id=item.pk, defaults=_document_fields(item))
    get_backend().index(doc, item.title, _body(item, _attachment_texts(item)))


def search_index_new_items(items) -> None:
    """Indexes items published for the first time, many at once (imports): their rows in one INSERT."""
    docs = SearchDocument.objects.bulk_create(
        [SearchDocument(item_id=item.pk, **_document_fields(item)) for item in items], batch_size=500
    )
    backend = get_backend()
    for item, doc in zip(items, docs):
        backend.index(doc, item.title, _body(item))


def search_remove_item(item_id: int) -> None:
    get_backend().remove(item_id)
    SearchDocument.objects.filter(item_id=item_id).delete()
