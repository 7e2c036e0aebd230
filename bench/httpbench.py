"""HTTP benchmark: gunicorn (gthread, 2 workers × 4 threads, DEBUG off) on 127.0.0.1 and a random port,
wrk -t2 -c50 -d10s --latency against the baseline views (/_bench/bare/, /_bench/rows/) and the portal.
`python -m bench.httpbench --out F` with DATABASE_URL naming a database built by bench.build."""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = dict(os.environ, DEBUG="false", GONGKAI_BENCH_VIEWS="true", GONGKAI_DATA_DIR=str(OUT / "data"),
               STATIC_ROOT=str(OUT / "static"), LOG_LEVEL="ERROR", DJANGO_SETTINGS_MODULE="gongkai.settings")
    return env


def _status(url: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


class Server:
    """gunicorn as `gongkai serve` runs it in production; killed by its own pid on exit."""

    def __init__(self, workers: int = 2, threads: int = 4):
        # BENCH_PORT: a port of one's own on a machine shared with other benchmarks (else a free one).
        self.port = int(os.environ.get("BENCH_PORT") or 0) or _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "-b", f"127.0.0.1:{self.port}",
                     "-k", "gthread", "-w", str(workers), "--threads", str(threads), "--log-level", "warning"]

    def __enter__(self):
        subprocess.run([sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"], env=_env(), check=True)
        self.proc = subprocess.Popen(self.args, env=_env())
        for _ in range(100):  # up to 20 s
            if _status(self.base + "/_bench/bare/") == 200:
                return self
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 20 s")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(value: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    return round(float(m.group(1)) * _UNITS[m.group(2)], 2)


def wrk(url: str, seconds: int = 10, connections: int = 50) -> dict:
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d2s", url], capture_output=True, check=True)  # warm-up
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(lat["50"]), "p99": _ms(lat["99"]),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(1) if errors else "",
    }


def targets(sample_item_key: str, word: str) -> dict[str, str]:
    return {
        "bare": "/_bench/bare/",
        "rows": "/_bench/rows/",
        "catalog": "/catalog/",
        "item": f"/items/{sample_item_key}/",
        "search": "/search/?" + urllib.parse.urlencode({"q": word}),
    }


def _item_key() -> str:
    """A published item's index number (the 1000th document: an ordinary one, not the newest)."""
    import django

    django.setup()
    from gongkai.catalog.models import Item

    return Item.objects.filter(pk=1000, status="published").values_list("index_number", flat=True).get()


def run(seconds: int, word: str) -> dict:
    paths = targets(_item_key(), word)
    results: dict = {"paths": paths, "wrk": {}}
    with Server() as srv:
        for name, path in paths.items():
            status = _status(srv.base + path)
            if status != 200:
                results["wrk"][name] = {"status": status}
                print(f"  {name:8} {path}: HTTP {status}, not measured")
                continue
            results["wrk"][name] = r = {"status": status, **wrk(srv.base + path, seconds)}
            print(f"  {name:8} {r['rps']:8.0f} req/s  p50 {r['p50']} ms  p99 {r['p99']} ms  non-2xx {r['non_2xx']}")
    w = results["wrk"]
    for name in ("catalog", "item", "search"):
        if "rps" in w.get(name, {}):
            w[name]["vs_rows"] = round(w[name]["rps"] / w["rows"]["rps"], 3)
            w[name]["vs_bare"] = round(w[name]["rps"] / w["bare"]["rps"], 3)
    w["rows"]["vs_bare"] = round(w["rows"]["rps"] / w["bare"]["rps"], 3)
    return results


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--word", default="专利")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    os.environ.update(_env())
    result = run(args.seconds, args.word)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
