"""schemathesis against /api/v1/openapi.json (issue 10): every check, at least 10,000 generated cases,
against gunicorn on a database seeded with the demo agency (290 published items, 40 applications).

    BENCH_SCHEMATHESIS=true make bench                              # through bench/run.py
    .venv/bin/python -m bench.api_fuzz --vendor sqlite              # directly (about 15 minutes)
    .venv/bin/python -m bench.api_fuzz --vendor postgresql          # database gk_sec_apifuzz on 5432

Every phase runs (examples, coverage, fuzzing, stateful — the OpenAPI links lead from a receipt to
its status query and from a list to an item). Server errors are counted twice: by schemathesis'
not_a_server_error check and from gunicorn's own access log (the status of every answer). The
per-address limits are raised for the run (GONGKAI_THROTTLE): at the real 10 applications an hour,
nearly every POST would be a 429 and the validation behind it never reached; the limits themselves
are proved by tests/applications/test_workers.py. The figures go to bench/out/api-fuzz-<vendor>.json
and into bench/RESULTS-sec.md between the api-fuzz markers.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RESULTS = HERE / "RESULTS-sec.md"
CONFIG = HERE / "schemathesis.toml"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_DB = "gk_sec_apifuzz"
PORT = 19110  # sec's range (TEAM.md: 19100-19199)
SEED = 2026


def _env(url: str, data: Path) -> dict:
    return dict(os.environ, DATABASE_URL=url, GONGKAI_DATA_DIR=str(data), DEBUG="false", LOG_LEVEL="ERROR",
                STATIC_ROOT=str(OUT / "static"), DJANGO_SETTINGS_MODULE="gongkai.settings",
                GONGKAI_THROTTLE="apply=1000000/3600,track=1000000/600")


def _fresh_database(vendor: str) -> str:
    if vendor == "sqlite":
        path = OUT / "api-fuzz.sqlite3"
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{PG_DB}\" TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'")
    return f"{PG_SERVER}/{PG_DB}"


def _seed(env: dict) -> None:
    """Migrated, the demo agency loaded (its items, applications and people), static files collected."""
    py = sys.executable
    subprocess.run([py, "-m", "django", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([py, "-c", "import django; django.setup(); from gongkai.demo.loader import demo_load; demo_load()"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([py, "-m", "django", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)


def _answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run(vendor: str, per_operation: int, seed: int, workers: int, phases: str = "") -> dict:
    OUT.mkdir(exist_ok=True)
    label = vendor + (f"-{phases.replace(',', '-')}" if phases else "")
    data = OUT / f"api-fuzz-data-{vendor}"
    shutil.rmtree(data, ignore_errors=True)
    env = _env(_fresh_database(vendor), data)
    t0 = time.monotonic()
    _seed(env)
    seeded = time.monotonic() - t0
    access = OUT / f"api-fuzz-access-{label}.log"
    access.unlink(missing_ok=True)
    report = OUT / f"api-fuzz-report-{label}.json"
    base = f"http://127.0.0.1:{PORT}"
    log_path = OUT / f"api-fuzz-server-{label}.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-k", "gthread",
         "-w", "2", "--threads", "4", "--log-level", "warning", "--access-logfile", str(access),
         "--access-logformat", "%(s)s %(m)s %(U)s"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(150):
            if _answering(base + "/api/v1/openapi.json"):
                break
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            time.sleep(0.2)
        t1 = time.monotonic()
        st = Path(sys.executable).with_name("st")
        proc = subprocess.run(
            [str(st), "--no-color", "--config-file", str(CONFIG), "run", base + "/api/v1/openapi.json", "--checks", "all",
             "--max-examples", str(per_operation), "--seed", str(seed), "--workers", str(workers),
             "--report", "json", "--report-json-path", str(report), *(["--phases", phases] if phases else [])],
            env=env, capture_output=True, text=True)
        fuzz_seconds = time.monotonic() - t1
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    (OUT / f"api-fuzz-output-{label}.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    result = json.loads(report.read_text(encoding="utf-8"))
    statuses = collections.Counter()
    for line in access.read_text(encoding="utf-8", errors="replace").splitlines():
        code = line.split(" ", 1)[0]
        if code.isdigit():
            statuses[int(code)] += 1
    failures = collections.Counter()
    for failure in result.get("failures", []):  # grouped by kind: {"code": "ST108", "title": …, "count": n}
        failures[f"{failure.get('code', '')} {failure.get('title', '')}".strip()] += failure.get("count", 1)
    figures = {
        "vendor": vendor, "label": label, "phases_run": phases or "all", "schemathesis": result["schemathesis_version"], "seed": seed, "per_operation": per_operation,
        "workers": workers, "operations": result["operations"]["tested"],
        "phases": {k: v["status"] for k, v in result["phases"].items()},
        "cases": result["test_cases"]["generated"], "cases_with_failures": result["test_cases"]["with_failures"],
        "unique_failures": result["test_cases"]["unique_failures"], "errored": result["test_cases"]["errored"],
        "failures_by_kind": dict(failures), "requests": sum(statuses.values()),
        "statuses": {str(k): statuses[k] for k in sorted(statuses)},
        "server_errors": sum(n for code, n in statuses.items() if code >= 500),
        # Django logs every exception it turned into an answer (a 500, or its own 400 page): none expected.
        "tracebacks": log_path.read_text(encoding="utf-8", errors="replace").count("Traceback (most recent call last)"),
        "exit_code": proc.returncode, "seed_seconds": round(seeded, 1), "fuzz_seconds": round(fuzz_seconds, 1),
        "warnings": {k: v for k, v in result.get("warnings", {}).items() if v},
        "date": time.strftime("%Y-%m-%d %H:%M %Z"), "load": "%.1f" % os.getloadavg()[0],
    }
    (OUT / f"api-fuzz-{label}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return figures


START, END = "<!-- api-fuzz -->", "<!-- /api-fuzz -->"


def render() -> None:
    """The section of RESULTS-sec.md between the markers, from every api-fuzz-<vendor>.json present."""
    rows = []
    for path in sorted(OUT.glob("api-fuzz-*.json"), key=lambda p: (p.stem.count("-"), p.stem)):
        if path.stem.startswith(("api-fuzz-report-",)):
            continue
        f = json.loads(path.read_text(encoding="utf-8"))
        vendor = f["vendor"] + ("" if f.get("phases_run", "all") == "all" else f" ({f['phases_run']} only)")
        statuses = ", ".join(f"{k}: {v:,}" for k, v in f["statuses"].items())
        failures = "; ".join(f"{k}: {v}" for k, v in f["failures_by_kind"].items()) or "none"
        rows.append(f"| {vendor} | {f['date']} (load {f['load']}) | {f['cases']:,} | {f['requests']:,} | {statuses} | "
                    f"**{f['server_errors']}** | {f['tracebacks']} | {f['unique_failures']} ({failures}) | {f['fuzz_seconds']} s |")
    if not rows:
        return
    section = "\n".join([
        START,
        "| database | measured | cases generated | requests answered | answers by status (gunicorn's log) | server errors | "
        "exceptions logged | schemathesis failures | time |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |", *rows, END])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if START in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text += "\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vendor", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--per-operation", type=int, default=1000,
                    help="schemathesis --max-examples: about ten cases a unit over 4 operations and 4 phases")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--phases", default="", help="e.g. stateful; all phases when empty (the figures are named apart)")
    args = ap.parse_args(argv)
    figures = run(args.vendor, args.per_operation, args.seed, args.workers, args.phases)
    render()
    print(json.dumps({k: figures[k] for k in ("vendor", "cases", "requests", "server_errors", "unique_failures",
                                              "failures_by_kind", "fuzz_seconds")}, ensure_ascii=False))
    clean = figures["server_errors"] == 0 and figures["tracebacks"] == 0 and figures["unique_failures"] == 0
    return 0 if clean and (figures["cases"] >= 10_000 or args.phases) else 1


if __name__ == "__main__":
    sys.exit(main())
