"""The installed `gongkai` script as cron jobs and shell scripts run it: exit status, stdout, stderr.

Each test runs against its own embedded database in a temporary data folder (DATABASE_URL removed,
so that a PostgreSQL test run never lets these scripts touch a real database)."""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import write_csv

GONGKAI = Path(sys.executable).parent / "gongkai"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gongkai-data")
    gongkai(folder, "migrate", "-v0", check=True)
    gongkai(folder, "org", "create", "gzsti", "贵州省科学技术厅", check=True)
    return folder


def gongkai(data_dir, *args, check=False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GONGKAI_DATA_DIR"] = str(data_dir)
    return subprocess.run([str(GONGKAI), *args], env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=180, check=check)


def items_in(data_dir) -> int:
    with sqlite3.connect(data_dir / "gongkai.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM catalog_item").fetchone()[0]


def test_it_exits_2_with_one_clear_line_for_bad_arguments(data_dir):
    for args in (("org", "create", "gzsti"), ("import", "items", "x.csv"), ("demo", "--port", "eighty"),
                 ("serve", "--workers", "0"), ("org", "create", "not a code", "某机关")):
        done = gongkai(data_dir, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)
        assert done.stdout == ""
        assert "Traceback" not in done.stderr


def test_it_imports_all_or_nothing_from_the_command_line(data_dir, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [
        ["信息名称", "生成日期", "发布日期"],
        ["好的一行", "2025-03-01", "2025-03-02"],
        ["坏的一行", "2025.03.01", ""],
        ["另一坏行", "2025-03-01", "三月二日"],
    ])
    done = gongkai(data_dir, "import", "items", str(bad), "--org", "gzsti")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "导入失败：2 行有误，未写入任何数据"
    assert [line.split("：")[0] for line in done.stderr.splitlines()[1:]] == ["第3行", "第4行"]
    assert done.stdout == "" and items_in(data_dir) == 0

    good = write_csv(tmp_path / "good.csv", [["信息名称", "生成日期", "发布日期"], ["好的一行", "2025-03-01", "2025-03-02"]])
    done = gongkai(data_dir, "import", "items", str(good), "--org", "gzsti")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '{"created": 1, "updated": 0}'  # UTF-8 JSON, one document
    assert items_in(data_dir) == 1

    done = gongkai(data_dir, "audit", "verify")
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True
