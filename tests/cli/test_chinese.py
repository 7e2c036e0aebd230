"""The `gongkai` command speaks Chinese: its help, argparse's errors, unknown subcommands and files
that cannot be read, each as one line with exit status 2 (spec/cli.md)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

GONGKAI = Path(sys.executable).parent / "gongkai"
ENGLISH = re.compile(r"usage:|show this help|positional arguments|options:|the following arguments|"
                     r"No such file|Verbosity level|Unknown command|Type '")


def gongkai(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GONGKAI_DATA_DIR"] = str(tmp_path)
    return subprocess.run([str(GONGKAI), *args], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize("args", [("org", "--help"), ("org", "create", "--help"), ("report", "--help"), ("help",)])
def test_help_is_in_chinese(tmp_path, args):
    result = gongkai(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert "用法：" in result.stdout or "子命令" in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout


def test_the_command_alone_lists_gongkais_subcommands_with_what_they_do(tmp_path):
    out = gongkai(tmp_path).stdout
    assert "公开 Gongkai 的子命令" in out and "机关管理" in out and "演示" in out


@pytest.mark.parametrize(("args", "message"), [
    (("org",), "参数错误：缺少必需的参数：action（用法：gongkai org --help）"),
    (("org", "create", "gzsti"), "缺少必需的参数：name"),
    (("org", "create", "gzsti", "名称", "--bogus"), "无法识别的参数：--bogus"),
    (("report", "nosuch"), "无效的取值 'nosuch'"),
    (("nosuch",), "没有这个子命令：nosuch。运行 gongkai help 查看全部子命令。"),
    (("demoo",), "是否想输入 demo？"),
])
def test_bad_arguments_are_one_chinese_line_and_exit_2(tmp_path, args, message):
    result = gongkai(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not ENGLISH.search(result.stderr)


def test_a_file_that_cannot_be_read_is_named_in_chinese(org, tmp_path):
    with pytest.raises(CommandError) as missing:
        call_command("import", "items", str(tmp_path / "没有.csv"), "--org", org.code)
    assert str(missing.value) == f"无法读取文件 {tmp_path / '没有.csv'}：文件或文件夹不存在"
    with pytest.raises(CommandError) as folder:
        call_command("import", "items", str(tmp_path), "--org", org.code)
    assert "这是一个文件夹，不是文件" in str(folder.value)
