"""An e-mail backend for the worker test: the mail server refuses each message the first time it is
offered (a marker file per subject remembers it across tries and processes), then accepts it into
EMAIL_FILE_PATH like Django's file backend."""
from __future__ import annotations

import hashlib
import smtplib
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class RefusesFirstTry(EmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            marker = Path(settings.EMAIL_FILE_PATH) / f"refused-{hashlib.sha256(message.subject.encode()).hexdigest()[:16]}"
            if not marker.exists():
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
                raise smtplib.SMTPServerDisconnected("421 服务暂不可用，请稍后重试")
        return super().send_messages(email_messages)
