"""Retention of applicants' personal data (decision 0025): a closed case keeps its number, subject,
dates and outcome for the annual report and the archive, but its applicant's ID number, phone, e-mail,
address, contact names and own attachments are erased GONGKAI_RETENTION_DAYS after it closed.

`applications_purge` is what `gongkai purge` (cron, daily) runs: each case is claimed with a
conditional UPDATE (… WHERE personal_data_erased_on IS NULL), so two runs at once, or a second run,
erase nothing twice. Old idempotency receipts (they hold query codes) and spent rate-limit windows go too.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import IdempotencyKey, ThrottleCounter

from .models import Application, Document

ERASED_FIELDS = {"id_number": "", "id_number_index": "", "id_masked": "", "phone": "", "phone_index": "", "phone_masked": "",
                 "email": "", "email_masked": "", "address": "", "address_masked": "",
                 "postcode": "", "contact_name": "", "legal_representative": ""}
APPLICANT_DOCUMENTS = (Document.Kind.APPLICANT_ATTACHMENT, Document.Kind.SCAN)
RECEIPT_DAYS = 2  # a form token lives a day; its receipt is kept one more


def applications_purge(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.GONGKAI_RETENTION_DAYS)
    due = Application.objects.filter(status=Application.Status.CLOSED, closed_on__lt=cutoff,
                                     personal_data_erased_on__isnull=True)
    erased = files = 0
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            claimed = Application.objects.filter(pk=pk, personal_data_erased_on__isnull=True).update(
                personal_data_erased_on=today, **ERASED_FIELDS)
            if not claimed:
                continue  # another run took it
            app = Application.objects.select_related("org").get(pk=pk)
            docs = list(app.documents.filter(kind__in=APPLICANT_DOCUMENTS))
            names = [d.file.name for d in docs]
            Document.objects.filter(pk__in=[d.pk for d in docs]).delete()
            transaction.on_commit(lambda names=names: _delete_files(names))
            files += len(docs)
            erased += 1
            audit_record("application.personal_data_erased", org=app.org, obj=app,
                         data={"closed_on": app.closed_on.isoformat(), "retention_days": settings.GONGKAI_RETENTION_DAYS,
                               "documents": len(docs)})
    receipts = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=RECEIPT_DAYS)).delete()[0]
    windows = ThrottleCounter.objects.filter(expires_at__lt=timezone.now()).delete()[0]
    return {"erased": erased, "documents": files, "receipts": receipts, "throttle_windows": windows}


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def personal_data_rekey() -> dict[str, int]:
    """Re-encrypts every applicant's personal data and every kept receipt under the first key of
    GONGKAI_DATA_KEYS and recomputes the blind indexes (rotation: new key first, rekey, drop the old)."""
    from gongkai.core.crypto import decrypt, encrypt

    rows = receipts = 0
    fields = ["id_number", "phone", "email", "address"]
    ids = list(Application.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            for app in Application.objects.select_for_update().filter(pk__in=ids[start:start + 500]).only("pk", *fields):
                # Decrypted on load, encrypted under the first key on save; the indexes and masks are
                # written again from the same text, so they do not change.
                app.save(update_fields=fields)
                rows += 1
    for row in IdempotencyKey.objects.exclude(receipt=""):
        IdempotencyKey.objects.filter(pk=row.pk).update(receipt=encrypt(decrypt(row.receipt)))
        receipts += 1
    return {"applications": rows, "receipts": receipts}
