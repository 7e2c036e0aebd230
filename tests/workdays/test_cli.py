"""`gongkai calendar` and `gongkai rules` as spec/cli.md fixes them."""
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from gongkai.core.cli import BadInput


def run_json(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_rules_deadline_prints_the_contract_json(db):
    assert run_json("rules", "deadline", "--received", "2025-01-30") == {
        "regime": "2019", "start": "2025-01-30", "working_days": 20, "due": "2025-03-03", "extended_due": "2025-03-31",
    }


def test_rules_deadline_with_correction_consultations_and_the_2007_regime(db):
    got = run_json("rules", "deadline", "--received", "2024-03-01", "--corrected", "2024-03-11")
    assert (got["start"], got["due"]) == ("2024-03-11", "2024-04-09")
    got = run_json("rules", "deadline", "--received", "2024-05-06", "--third-party", "2024-05-08:2024-05-20")
    assert got["due"] == "2024-06-17"
    got = run_json("rules", "deadline", "--received", "2018-09-28", "--regime", "2007")
    assert (got["working_days"], got["due"], got["extended_due"]) == (15, "2018-10-24", "2018-11-14")


def test_a_holiday_entered_by_an_administrator_moves_the_deadline(db):
    run_json("calendar", "add-holiday", "2026-10-09", "--name", "测试调整")
    assert run_json("rules", "deadline", "--received", "2026-10-08")["due"] == "2026-11-05"
    shown = run_json("calendar", "show", "2026")
    assert "2026-10-09" in shown["holidays"] and shown["source"].endswith("+overrides")


def test_calendar_show_says_when_a_year_is_unknown(db):
    assert run_json("calendar", "show", "2027") == {"year": 2027, "holidays": [], "workdays": [], "source": "weekends-only"}
    run_json("calendar", "add-workday", "2027-02-20")
    assert run_json("calendar", "show", "2027")["workdays"] == ["2027-02-20"]


@pytest.mark.parametrize("args, method, yuan", [
    (["rules", "fee", "--method", "count", "--monthly-count", "31"], "count", 200),  # 31st–40th: 200 each
    (["rules", "fee", "--method", "pages", "--pages", "101"], "pages", 720),         # 70 × 10 + 1 × 20
])
def test_rules_fee(db, args, method, yuan):
    got = run_json(*args)
    assert (got["method"], got["fee_yuan"]) == (method, yuan) and got["basis"]


@pytest.mark.parametrize("args", [
    ["rules", "deadline", "--received", "2024-02-30"],
    ["rules", "deadline", "--received", "2024-03-01", "--corrected", "2024-02-01"],
    ["rules", "deadline", "--received", "2024-03-01", "--third-party", "2024-03-05"],
    ["rules", "fee", "--method", "count"],
    ["calendar", "add-holiday", "tomorrow"],
])
def test_bad_input_is_refused_and_nothing_is_written(db, args):
    from gongkai.workdays.models import CalendarOverride

    with pytest.raises(BadInput):
        call_command(*args)
    assert not CalendarOverride.objects.exists()


def test_bad_input_exits_with_status_2_and_one_line_on_stderr(tmp_path):
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path)}
    gongkai = os.path.join(os.path.dirname(sys.executable), "gongkai")
    proc = subprocess.run([gongkai, "rules", "deadline", "--received", "2024-13-01"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stdout == "" and "2024-13-01" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
