"""`gongkai check text FILE|-` as spec/cli.md words it."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management.base import CommandError

from gongkai.textguard.models import SensitiveWord
from tests.cli.conftest import run


def test_it_prints_findings_with_character_offsets(db, tmp_path):
    path = tmp_path / "稿件.txt"
    # 关于张三（身份证 = 0–7, the ID 8–25, ）的情况说明 26–31, the newline 32, the mark 33–37.
    path.write_text("关于张三（身份证11010519491231002X）的情况说明\n机密★1年", encoding="utf-8")
    assert run("check", "text", str(path)) == {"findings": [
        {"kind": "id_card", "start": 8, "end": 26, "text": "11010519491231002X", "severity": "block"},
        {"kind": "secret_marking", "start": 33, "end": 38, "text": "机密★1年", "severity": "block"},
    ]}


def test_it_reads_gb18030_and_uses_the_administrators_words(db, tmp_path):
    SensitiveWord.objects.create(word="项目底价")
    path = tmp_path / "gbk.txt"
    path.write_bytes("本项目底价为保密内容，此为内部资料。".encode("gb18030"))
    found = run("check", "text", str(path))["findings"]
    assert [(f["kind"], f["text"], f["start"]) for f in found] == [("sensitive_word", "项目底价", 1), ("sensitive_word", "内部资料", 13)]


def test_a_text_without_findings_gives_an_empty_list(db, tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("属于国家秘密的不予公开。", encoding="utf-8")
    assert run("check", "text", str(path)) == {"findings": []}


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.txt", "文件不存在"),
    (lambda p: (p / "bin.dat").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe") and p / "bin.dat", "无法识别文件编码"),
    (lambda p: p, "文件夹"),
])
def test_a_missing_or_undecodable_file_exits_2_with_one_chinese_line(db, tmp_path, make, message):
    with pytest.raises(CommandError, match=message) as refused:
        run("check", "text", str(make(tmp_path)))
    assert refused.value.returncode == 2


def test_it_reads_standard_input_and_exits_0_as_a_script_sees_it(tmp_path):
    # A real process: standard input, the exit status, the one line on standard error.
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    cmd = [sys.executable, "-m", "gongkai.cli", "check", "text", "-"]
    done = subprocess.run(cmd, input="手机13812345678".encode(), capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == {"findings": [{"kind": "mobile", "start": 2, "end": 13, "text": "13812345678", "severity": "warn"}]}
    missing = subprocess.run([*cmd[:-1], str(tmp_path / "nope.txt")], capture_output=True, env=env, timeout=60)
    assert missing.returncode == 2 and missing.stdout == b""
    assert missing.stderr.decode().strip() == f"文件不存在：{tmp_path / 'nope.txt'}"


def test_plain_check_is_still_djangos_system_check(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("check", stdout=out)
    assert "System check identified no issues" in out.getvalue()
