"""Keeping the index in step with the catalogue and the published messages. Called inside the
publish/withdraw (publish/unpublish) transactions."""
from __future__ import annotations

from .backends import MESSAGES, get_backend
from .models import MessageDocument, SearchDocument


def _document_fields(item) -> dict:
    return dict(
        org_id=item.org_id, department_id=item.department_id, topic_id=item.topic_id, kind=item.kind,
        year=item.published_on.year, published_on=item.published_on, title=item.title,
    )


def _body(item, attachment_texts=()) -> str:
    return " ".join(filter(None, [item.summary, item.body_text, item.document_number, item.keywords, *attachment_texts]))


def headline(item) -> str:
    """What ranks an item first: its title and its 文号 (a space apart, so no phrase spans the two)."""
    return f"{item.title} {item.document_number}".strip()


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
    get_backend().index(doc, headline(item), _body(item, _attachment_texts(item)))


def search_index_new_items(items) -> None:
    """Indexes items published for the first time, many at once (imports): their rows in one INSERT."""
    docs = SearchDocument.objects.bulk_create(
        [SearchDocument(item_id=item.pk, **_document_fields(item)) for item in items], batch_size=500
    )
    backend = get_backend()
    for item, doc in zip(items, docs):
        backend.index(doc, headline(item), _body(item))


def search_remove_item(item_id: int) -> None:
    get_backend().remove(item_id)
    SearchDocument.objects.filter(item_id=item_id).delete()


# --- the public's messages answered and published (回应关切) -----------------------------------------

def _message_fields(msg) -> dict:
    return dict(org_id=msg.org_id, department_id=None, topic_id=None, kind=msg.channel,
                year=msg.replied_on.year, published_on=msg.replied_on, title=msg.public_subject[:300])


def search_index_message(msg) -> None:
    """Indexes a published message: the question as published (personal data removed) and the reply.
    Never the writer's name or contact, which are not in either text."""
    doc, _ = MessageDocument.objects.update_or_create(message_id=msg.pk, defaults=_message_fields(msg))
    get_backend(MESSAGES).index(doc, msg.public_subject, f"{msg.public_body} {msg.reply}")


def search_remove_message(message_id: int) -> None:
    get_backend(MESSAGES).remove(message_id)
    MessageDocument.objects.filter(message_id=message_id).delete()
