"""Starting gunicorn for `gongkai demo` and `gongkai serve`, and what both need before it."""
from __future__ import annotations

import argparse
import os
import sys

from django.conf import settings
from django.core.management import call_command


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"端口必须是数字，而不是 {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口必须在 1 到 65535 之间，而不是 {port}")
    return port


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"必须是正整数，而不是 {text!r}")
    return value


def collect_static(only_if_missing: bool = False) -> None:
    """With DEBUG off the pages name hashed static files from the manifest; without it every page
    fails. The demo collects every time (quick, and picks up changed files); serve only when missing."""
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if only_if_missing and manifest.exists():
        return
    call_command("collectstatic", interactive=False, verbosity=0)


try:
    from gunicorn.http.message import MAX_REQUEST_LINE
except ImportError:  # moved in some release: the documented maximum
    MAX_REQUEST_LINE = 8190


def gunicorn_argv(*, bind: str, workers: int | None = None, threads: int = 4, access_log: bool = True) -> list[str]:
    import gunicorn

    if workers is None:
        workers = min(8, (os.cpu_count() or 1) * 2 + 1)
    argv = [
        sys.executable, "-m", "gunicorn", "gongkai.wsgi:application",
        "--bind", bind, "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        "--graceful-timeout", "10",
        # gunicorn's own default (4094 bytes) answers a longer request line — a search with many words,
        # a filtered list's address — with its own English HTML 414 before Django sees it. Its maximum
        # instead; a longer line is for the reverse proxy to refuse (docs/operations.md).
        "--limit-request-line", str(MAX_REQUEST_LINE),
    ]
    if access_log:  # production logs every request; the demo's terminal stays readable
        argv += ["--access-logfile", "-"]
    if gunicorn.version_info >= (27,):
        # gunicorn 27 opens a control socket at one fixed path in $HOME: a second server on the same
        # machine (the demo beside a benchmark) would take it over. Gongkai does not use it.
        argv.append("--no-control-socket")
    return argv


def gunicorn_exec(*, bind: str, workers: int | None = None, threads: int = 4, access_log: bool = True,
                  env: dict | None = None, env_defaults: dict | None = None) -> None:
    """Replaces this process with gunicorn, so that Ctrl+C and service managers reach it directly.
    ENV is set for the server; ENV_DEFAULTS only where the environment does not say otherwise."""
    environment = {**(env_defaults or {}), **os.environ, **(env or {})}
    environment.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.stdout.flush()
    sys.stderr.flush()
    argv = gunicorn_argv(bind=bind, workers=workers, threads=threads, access_log=access_log)
    os.execve(argv[0], argv, environment)
