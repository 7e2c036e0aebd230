"""Two servers' cron start `gongkai remind` at the same moment on one database: one runs, the other
prints that it skipped; every reminder is mailed once."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading

from .processes import BIN, SETUP, base_env, migrated_copy, python


def test_two_processes_running_remind_at_once_run_it_once(migrated_template, tmp_path):
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    mails = tmp_path / "mails"
    env = base_env(data_dir, EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                   EMAIL_FILE_PATH=str(mails))
    received = (dt.date.today() - dt.timedelta(days=60)).isoformat()  # long overdue, whatever today is
    ids = json.loads(python(SETUP, "3", received, env=env))["ids"]

    start, outputs = threading.Barrier(2), []

    def cron():
        start.wait()
        run = subprocess.run([BIN / "gongkai", "remind"], env=env, capture_output=True, text=True, timeout=300)
        outputs.append((run.returncode, run.stdout.strip(), run.stderr))
    threads = [threading.Thread(target=cron) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert [code for code, _, _ in outputs] == [0, 0], outputs
    results = sorted((json.loads(out) for _, out, _ in outputs), key=lambda r: "skipped" in r)
    assert results[0] == {"reminded": len(ids)}
    assert results[1]["skipped"] is True and results[1]["command"] == "gongkai remind"
    sent = [p.read_text() for p in mails.iterdir()]
    assert len(sent) == len(ids)  # one mail per case: nobody reminded twice
    lock = json.loads(python("import django, json; django.setup(); from gongkai.tasks.models import PeriodicLock; "
                             "l = PeriodicLock.objects.get(name='remind'); print(json.dumps([l.runs, l.last_outcome]))",
                             env=env))
    assert lock == [1, "完成"]
