"""Read-only pages of the background work: the jobs, the outbox, the periodic commands' claims."""
from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Job, Mail, PeriodicLock


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "state", "done", "total", "attempts", "created_at", "finished_at")
    list_filter = ("kind", "state")


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin):
    list_display = ("subject", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state",)
    # Reminders carry no personal data (the case number and subject only), but the outbox is still
    # only listed, never searched by recipient.


@admin.register(PeriodicLock)
class PeriodicLockAdmin(ReadOnlyAdmin):
    list_display = ("name", "runs", "last_started_at", "last_finished_at", "last_outcome", "locked_until", "holder")
