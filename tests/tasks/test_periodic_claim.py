"""The claim of a periodic command (tasks/periodic.py): one holder at a time, kept a quiet while after
a run, lapsing when its holder died; the losing command prints why it skipped and exits 0."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.tasks.models import PeriodicLock
from gongkai.tasks.periodic import periodic_claim, periodic_once, periodic_release

pytestmark = pytest.mark.django_db


def test_one_holder_at_a_time_and_a_dead_holders_claim_lapses():
    first = periodic_claim("remind")
    assert first and periodic_claim("remind") is None
    # The holder died without releasing: after its TTL the next tick may run.
    PeriodicLock.objects.filter(name="remind").update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert periodic_claim("remind") not in (None, first)
    assert PeriodicLock.objects.get(name="remind").runs == 2


def test_the_claim_is_kept_a_quiet_while_after_a_run_but_not_after_a_failure(settings):
    settings.GONGKAI_PERIODIC_QUIET_SECONDS = 60
    with periodic_once("purge") as mine:
        assert mine
    with periodic_once("purge") as mine:
        assert not mine  # the same tick on a second server
    PeriodicLock.objects.filter(name="purge").update(locked_until=None)
    holder = periodic_claim("purge")
    periodic_release("purge", holder, outcome="失败：OSError", ok=False)
    with periodic_once("purge") as mine:
        assert mine  # a failed run leaves the next try free


def test_a_command_that_finds_the_claim_taken_prints_why_and_does_not_run(settings):
    settings.GONGKAI_PERIODIC_QUIET_SECONDS = 60
    out = io.StringIO()
    call_command("audit", "checkpoint", stdout=out)
    assert "count" in json.loads(out.getvalue())  # ran: a checkpoint was written
    out = io.StringIO()
    call_command("audit", "checkpoint", stdout=out)
    skipped = json.loads(out.getvalue())
    assert skipped["skipped"] is True and skipped["command"] == "gongkai audit checkpoint"
    assert "本次不再重复运行" in skipped["reason"]
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)  # not periodic: never skipped
    assert json.loads(out.getvalue())["ok"] is True


def test_the_worker_command_explains_that_without_a_broker_none_is_needed():
    from gongkai.core.cli import BadInput

    with pytest.raises(BadInput, match="未配置任务队列"):
        call_command("worker")
