from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit.services import audit_record

from .models import CalendarOverride

# Called after a calendar change with the changed date and a `progress(done, total)` callable; the
# applications and interaction apps register their recomputes here (a plain list rather than a signal:
# the order and the failure of a receiver must be visible). Each returns how many due dates moved.
AFTER_CHANGE: list = []
# A change entered while a recompute runs may have been read by only some of its chunks: run again.
RECOMPUTE_ROUNDS = 3


@transaction.atomic
def calendar_override_set(*, day: dt.date, is_workday: bool, name: str = "", by=None, here: bool = False):
    """Marks DAY a holiday or a working day, overriding the package, and starts the recompute of the due
    dates of every open case whose period it touches: a background job (decision 0054) — for 100,000
    open cases it takes seconds, which a request must not wait for. HERE: run it now, in this process
    and transaction (the `gongkai calendar` command, whose output gives the count).
    Returns the override and the job."""
    from gongkai.tasks.services import job_start

    override, _ = CalendarOverride.objects.update_or_create(
        day=day, defaults={"is_workday": is_workday, "name": name, "created_by": by}
    )
    what = "调休上班日" if is_workday else "法定节假日"
    job = job_start(kind="calendar.recompute", title=f"{day:%Y-%m-%d} 设为{what}：重新计算在办事项的答复期限",
                    params={"day": day.isoformat()}, by=by, here=here)
    audit_record("calendar.override", by=by, obj=override,
                 data={"day": day.isoformat(), "is_workday": is_workday, "name": name, "job": job.pk})
    return override, job


def calendar_fingerprint() -> tuple:
    return tuple(CalendarOverride.objects.order_by("day").values_list("day", "is_workday"))


def calendar_recompute_run(job, *, progress) -> dict:
    """The job of calendar_override_set: every receiver of AFTER_CHANGE, in chunks that commit one by
    one (so the progress page moves and the database is not held by one long write). Idempotent: a due
    date already right is not written again, so a retry or a second run moves nothing twice."""
    day = dt.date.fromisoformat(job.params["day"])
    moved = 0
    for _ in range(RECOMPUTE_ROUNDS):
        before = calendar_fingerprint()
        moved += sum(receiver(day, progress=progress) for receiver in AFTER_CHANGE)
        if calendar_fingerprint() == before:
            break
    audit_record("calendar.recomputed", by=job.created_by, obj=job, data={"day": day.isoformat(), "recomputed": moved})
    return {"recomputed": moved}
