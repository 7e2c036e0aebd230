"""Periodic commands run once across many servers (decision 0055).

Cron on every app server (or Celery beat, `gongkai worker --beat`) starts `gongkai remind`, `purge`,
`audit checkpoint` … at the same minute. The command first claims its PeriodicLock row with a
conditional UPDATE (… WHERE locked_until IS NULL OR locked_until < now) — the same statement on
PostgreSQL and SQLite, and the database is the one thing every server shares. The claim is held while
the command runs (for at most GONGKAI_PERIODIC_TTL_SECONDS: a server that dies mid-run lets the next
tick through) and GONGKAI_PERIODIC_QUIET_SECONDS after it, so a server whose clock or cron runs a few
seconds late skips the tick too. The loser prints {"skipped": true, …} and exits 0: the work was done.
"""
from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import PeriodicLock

# (command, sub-action) → the lock's name. Not here: `gongkai inspect` (the contract says two runs at
# once are fine and both are kept), the calendar and import commands (a person's one-off action).
PERIODIC_COMMANDS = {
    ("remind", None): "remind",
    ("purge", None): "purge",
    ("close_lapsed", None): "close_lapsed",
    ("publish_due", None): "publish_due",
    ("audit", "checkpoint"): "audit checkpoint",
}


def periodic_name(command: str, action: str | None) -> str | None:
    return PERIODIC_COMMANDS.get((command, action))


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:120]


def periodic_claim(name: str, *, ttl: int | None = None) -> str | None:
    """Claims NAME for this process; its holder id, or None when another holds it (or ran it just now)."""
    now = timezone.now()
    ttl = settings.GONGKAI_PERIODIC_TTL_SECONDS if ttl is None else ttl
    try:
        with transaction.atomic():  # a savepoint: two first runs at once race on the INSERT
            PeriodicLock.objects.get_or_create(name=name)
    except IntegrityError:
        pass
    holder = _holder()
    claimed = (PeriodicLock.objects.filter(name=name)
               .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
               .update(holder=holder, locked_until=now + dt.timedelta(seconds=ttl), last_started_at=now,
                       runs=F("runs") + 1))
    return holder if claimed else None


def periodic_release(name: str, holder: str, *, outcome: str, ok: bool) -> None:
    """Ends this process's run: the claim stays QUIET seconds after a run that finished (none after a failure)."""
    now = timezone.now()
    quiet = settings.GONGKAI_PERIODIC_QUIET_SECONDS if ok else 0
    PeriodicLock.objects.filter(name=name, holder=holder).update(
        locked_until=now + dt.timedelta(seconds=quiet), last_finished_at=now, last_outcome=outcome[:300])


@contextmanager
def periodic_once(name: str):
    """`with periodic_once("remind") as mine:` — MINE is False when another server has this run."""
    holder = periodic_claim(name)
    if holder is None:
        yield False
        return
    try:
        yield True
    except BaseException as e:
        periodic_release(name, holder, outcome=f"失败：{type(e).__name__}", ok=False)
        raise
    periodic_release(name, holder, outcome="完成", ok=True)


def skipped_report(name: str) -> dict:
    lock = PeriodicLock.objects.filter(name=name).first()
    since = timezone.localtime(lock.last_started_at).strftime("%Y-%m-%d %H:%M:%S") if lock and lock.last_started_at else ""
    return {"skipped": True, "command": f"gongkai {name}",
            "reason": f"另一进程（{lock.holder if lock else ''}）于 {since} 开始运行该命令，本次不再重复运行"}
