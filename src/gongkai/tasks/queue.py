"""The Celery application (decision 0054). Configured from Django's settings (CELERY_*); the tasks
are in tasks/jobs.py. Inline mode (no broker: the embedded default) applies each task at once, in the
process that sends it — which, since everything is sent from transaction.on_commit, is after the commit."""
from __future__ import annotations

from celery import Celery

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
