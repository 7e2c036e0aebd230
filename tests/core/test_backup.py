"""`gongkai backup PATH` / `gongkai restore PATH`: a round trip of the database and the attachments, on
SQLite and on PostgreSQL, taken while the data changes; bad input exits 2 with a Chinese line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PG = "postgres://postgres@127.0.0.1:5432/gk_data_backup"

# One process per engine (starting Django costs seconds): the commands run as cron would call them.
ROUND_TRIP = r"""
import io, json, sys
import django
django.setup()
from django.core.management import call_command
from gongkai.applications import services
from gongkai.applications.models import Application, Document
from gongkai.orgs.models import Organisation

def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue()) if out.getvalue().strip() else None

def submit(subject):
    services.application_submit_online(org=Organisation.objects.get(code="bk"), files=[("证明.pdf", b"%PDF-1.4\n%%EOF\n")],
        data=dict(applicant_type="natural_person", applicant_name="李四", id_type="resident_id",
                  id_number="11010519491231002X", phone="13812345678", subject=subject, delivery="pickup",
                  provision_form="paper"))

def state():
    return {"apps": sorted(Application.objects.values_list("subject", flat=True)),
            "files": sorted(d.file.read().decode() for d in Document.objects.all())}

call_command("migrate", verbosity=0)
run("org", "create", "bk", "备份测试机关")
submit("备份前的申请")
made = run("backup", sys.argv[1])
before = state()
submit("备份后的申请")  # to be undone by the restore
changed = state()
restored = run("restore", sys.argv[1])
print(json.dumps({"made": made, "before": before, "changed": changed, "restored": restored, "after": state(),
                  "verify": run("audit", "verify")}, ensure_ascii=False))
"""


def _env(tmp_path: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="gongkai.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _round_trip(env, tmp_path):
    archive = tmp_path / "gongkai.tar"
    run = subprocess.run([sys.executable, "-c", ROUND_TRIP, str(archive)], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["made"]["media_files"] == 1
    with tarfile.open(archive) as tar:
        assert {"manifest.json", result["made"]["database"], "audit-checkpoints.jsonl"} <= set(tar.getnames())
    assert len(result["changed"]["apps"]) == 2
    assert result["after"] == result["before"] == {"apps": ["备份前的申请"], "files": ["%PDF-1.4\n%%EOF\n"]}
    assert result["verify"]["ok"] is True


def test_it_round_trips_the_embedded_sqlite_database_and_its_attachments(tmp_path):
    _round_trip(_env(tmp_path, None), tmp_path)


def test_it_round_trips_postgresql_and_its_attachments(tmp_path):
    try:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "drop database if exists gk_data_backup",
                        "-c", "create database gk_data_backup"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    _round_trip(_env(tmp_path, PG), tmp_path)


@pytest.mark.parametrize("make, reason", [
    (lambda p: p / "missing.tar", "不存在"),
    (lambda p: (p / "not.tar").write_text("not an archive") and p / "not.tar", "不是有效的备份文件"),
    (lambda p: _tar_without_manifest(p), "缺少 manifest.json"),
])
def test_a_bad_backup_file_is_bad_input_with_a_chinese_reason(db, tmp_path, make, reason):
    with pytest.raises(CommandError, match=reason) as refused:
        call_command("restore", str(make(tmp_path)))
    assert refused.value.returncode == 2


def _tar_without_manifest(folder: Path) -> Path:
    (folder / "x.txt").write_text("x")
    with tarfile.open(folder / "other.tar", "w") as tar:
        tar.add(folder / "x.txt", arcname="x.txt")
    return folder / "other.tar"


def test_a_backup_into_a_missing_folder_is_bad_input(db, tmp_path):
    with pytest.raises(CommandError, match="不存在") as refused:
        call_command("backup", str(tmp_path / "nowhere" / "b.tar"))
    assert refused.value.returncode == 2
