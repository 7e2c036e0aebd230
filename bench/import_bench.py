"""`gongkai import items` of BENCH_IMPORT_ROWS (100,000) rows (issue 11, "Imports and memory";
`BENCH_WRITES=true make bench`, or `python -m bench.import_bench`): a file of catalogue history made
from the bench corpus (realistic Chinese titles and bodies, nine rows in ten published, some with a
文号), imported into an empty agency on SQLite and on PostgreSQL, timed from the command's start to
its exit, with the peak resident memory of the importing process. Figures to bench/out/import.json.
"""
from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from .corpus import Corpus, published_on

OUT = Path(__file__).resolve().parent / "out"
BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
KINDS = ["notice", "news", "notice", "plan", "project_notice", "statistics", "normative_document", "other"]


def make_file(rows: int) -> Path:
    path = OUT / f"import-items-{rows}.csv"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = Corpus()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["信息名称", "生成日期", "发布日期", "文号", "主题分类", "体裁/类别", "有效性", "关键词", "正文"])
        for n in range(rows):
            doc = corpus.doc(n)
            on = published_on(n)
            number = f"黔科通〔{on.year}〕{n % 997 + 1}号" if n % 5 == 0 else ""
            out.writerow([doc.title, on.isoformat(), "" if n % 10 == 9 else on.isoformat(), number, "科技",
                          KINDS[n % len(KINDS)], "valid", doc.keywords, doc.body])
    tmp.rename(path)
    return path


def run_import(url: str, path: Path, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))}
    env.update(DATABASE_URL=url, GONGKAI_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="gongkai.settings")
    subprocess.run([BIN / "gongkai", "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([BIN / "gongkai", "org", "create", "imp", "导入测试厅"], env=env, check=True, capture_output=True)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.monotonic()
    done = subprocess.run(["nice", "-n", "10", BIN / "gongkai", "import", "items", str(path), "--org", "imp"], env=env,
                          capture_output=True, text=True)
    seconds = time.monotonic() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss  # KiB; the largest child so far
    cpu = usage.ru_utime + usage.ru_stime - cpu0  # the importer's own CPU (not the PostgreSQL server's)
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
    verify = subprocess.run([BIN / "gongkai", "audit", "verify"], env=env, capture_output=True, text=True)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "result": json.loads(done.stdout), "peak_rss_mb": round(peak / 1024) if peak > before else None,
            "stderr_bytes": len(done.stderr), "audit": json.loads(verify.stdout)}


def main() -> dict:
    import psycopg

    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    t0 = time.monotonic()
    path = make_file(rows)
    result = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "rows": rows, "file_mb": round(path.stat().st_size / 2**20, 1),
              "file_seconds": round(time.monotonic() - t0, 1), "load_before": round(os.getloadavg()[0], 1)}
    data_dir = OUT / "import-data"
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    sqlite = OUT / "import-items.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    if os.environ.get("BENCH_IMPORT_SQLITE", "true") == "true":
        result["sqlite"] = run_import(f"sqlite:///{sqlite}", path, data_dir)
    if os.environ.get("BENCH_IMPORT_PG", "true") == "true":
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "gk_writes_import"')
            conn.execute('CREATE DATABASE "gk_writes_import" TEMPLATE template0 LC_CTYPE \'C.UTF-8\' LC_COLLATE \'C.UTF-8\'')
        result["postgresql"] = run_import(f"{SERVER}/gk_writes_import", path, data_dir)
    result["load_after"] = round(os.getloadavg()[0], 1)
    (OUT / "import.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, indent=1))
