"""What the public API answers: published catalogue items only, shaped for re-use (开放数据).

Dates are ISO `YYYY-MM-DD`; codes are stable English identifiers with a Chinese label beside them.
"""
from __future__ import annotations

import datetime as dt

from ninja import Schema


class Error(Schema):
    detail: str


class AttachmentOut(Schema):
    name: str
    size: int
    content_type: str
    url: str


class ItemOut(Schema):
    id: int
    index_number: str
    title: str
    publisher: str
    org: str
    department: str | None
    topic: str | None
    kind: str
    kind_label: str
    validity: str
    validity_label: str
    created_on: dt.date
    published_on: dt.date
    document_number: str
    keywords: list[str]
    summary: str
    url: str


class ItemDetailOut(ItemOut):
    body: str
    body_text: str
    attachments: list[AttachmentOut]


class ItemPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ItemOut]
