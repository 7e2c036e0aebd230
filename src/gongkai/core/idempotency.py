"""Idempotent public submissions (decision 0023): one key, one record, the same receipt.

`submit_once(scope=..., key=..., create=...)` runs CREATE — which writes the record and returns its
receipt, a dict — at most once per (scope, key), however many workers receive the same key at once.
The key row is inserted first in CREATE's transaction: a concurrent second insert waits for the first
transaction (PostgreSQL) or for the write lock (SQLite) and then fails on the unique key, and the
second caller is given the stored receipt. If CREATE fails, its transaction and the key go together,
and the person may try again.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from .crypto import decrypt, encrypt
from .errors import InvalidInput
from .models import IdempotencyKey

KEY_REUSED = "该幂等键（Idempotency-Key）已用于内容不同的提交，请为新的提交使用新的键。"


@dataclass
class Submitted:
    receipt: dict
    replayed: bool  # True: an earlier submission with this key; nothing new was written


def _digest(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\x00{key}".encode("utf-8", "surrogatepass")).hexdigest()


def payload_fingerprint(payload: dict) -> str:
    """A keyed hash of the payload (it holds personal data: an unkeyed hash could be tried against guesses)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    return hmac.new(settings.GONGKAI_INDEX_KEY.encode(), canonical, hashlib.sha256).hexdigest()


def receipt_find(*, scope: str, key: str, fingerprint: str = "") -> dict | None:
    """The receipt of an earlier submission with KEY, or None. A key reused for a different payload
    (FINGERPRINT given and different) is refused: InvalidInput."""
    row = IdempotencyKey.objects.filter(key=_digest(scope, key)).first()
    if row is None or not row.receipt:
        return None
    if fingerprint and row.fingerprint and row.fingerprint != fingerprint:
        raise InvalidInput(KEY_REUSED)
    return json.loads(decrypt(row.receipt))


def submit_once(*, scope: str, key: str, create: Callable[[], dict], fingerprint: str = "") -> Submitted:
    found = receipt_find(scope=scope, key=key, fingerprint=fingerprint)
    if found is not None:
        return Submitted(found, True)
    digest = _digest(scope, key)
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(key=digest, scope=scope, fingerprint=fingerprint)
            receipt = create()
            row.receipt = encrypt(json.dumps(receipt, ensure_ascii=False, default=str))
            row.save(update_fields=["receipt"])
    except IntegrityError:
        # Another worker took the key first and has committed by now (our insert waited for it).
        found = receipt_find(scope=scope, key=key, fingerprint=fingerprint)
        if found is None:
            raise
        return Submitted(found, True)
    return Submitted(receipt, False)
