"""Personal data at rest (decision 0025): encrypted with Fernet keys from the environment, matched
through a keyed blind index (HMAC), never stored in the clear.

`EncryptedTextField` encrypts on the way into the database and decrypts on the way out, so code
reading `app.phone` sees the text; equality lookups on it cannot work (each encryption differs) —
match on the blind index beside it instead (`blind_index`).
"""
from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

FERNET_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80 and a timestamp)


@functools.cache
def _fernet() -> MultiFernet:
    keys = [k.strip() for k in settings.GONGKAI_DATA_KEYS if k.strip()]
    if not keys:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("GONGKAI_DATA_KEYS must hold at least one Fernet key")
    return MultiFernet([Fernet(k.encode()) for k in keys])


@receiver(setting_changed)
def _keys_changed(*, setting, **kwargs):
    if setting == "GONGKAI_DATA_KEYS":
        _fernet.cache_clear()


def encrypt(text: str) -> str:
    """TEXT encrypted with the first key; the empty string stays empty (nothing to protect)."""
    if not text:
        return ""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text of TOKEN under any of the configured keys. A value that is not a Fernet token is a row
    written before encryption (the data migration converts them) and is returned as it is."""
    if not token or not token.startswith(FERNET_PREFIX):
        return token or ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise InvalidToken("个人信息无法解密：GONGKAI_DATA_KEYS 中没有加密它的密钥") from None


def blind_index(kind: str, value: str) -> str:
    """A keyed hash of VALUE (normalised: no spaces, upper case) for equality matching. Without the
    key (GONGKAI_INDEX_KEY, outside the database) it cannot be reversed by trying every ID number."""
    normal = "".join((value or "").split()).upper()
    if not normal:
        return ""
    return hmac.new(settings.GONGKAI_INDEX_KEY.encode(), f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database (Fernet), plain in Python."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
