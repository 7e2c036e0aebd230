"""Helpers for the `gongkai` command tests: run a command as a script would, read its JSON."""
from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command


def run(*args) -> dict:
    """Runs `gongkai ARGS…` in-process and returns the one JSON document it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def csv_file(tmp_path):
    return lambda rows, name="items.csv", encoding="utf-8": write_csv(tmp_path / name, rows, encoding)
