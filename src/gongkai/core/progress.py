"""A progress bar on the terminal for long commands (`gongkai import`): on standard error, and only
when it is a terminal — standard output carries the JSON of the contract, and a log file or a pipe
gets no carriage returns. No dependency: one line redrawn at most ten times a second."""
from __future__ import annotations

import sys
import time


class Progress:
    """Call `stage(label, total)` at each phase, `advance(n)` as work is done, `close()` at the end."""

    def __init__(self, stream=None, *, every: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every
        self.label, self.total, self.done = "", 0, 0
        self.t0 = self.started = time.monotonic()
        self.shown = 0.0

    def stage(self, label: str, total: int) -> None:
        if self.label:
            self._draw(final=True)
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if time.monotonic() - self.shown >= self.every or self.done >= self.total:
            self._draw()

    def close(self) -> None:
        if self.label:
            self._draw(final=True)
            self.label = ""

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        self.shown = time.monotonic()
        total = max(self.total, 1)
        share = min(self.done / total, 1.0)
        width = 30
        bar = "█" * int(share * width) + "░" * (width - int(share * width))
        spent = self.shown - self.started
        rate = self.done / spent if spent > 0 else 0.0
        left = f"，约剩 {(self.total - self.done) / rate:.0f} 秒" if rate and not final and self.done < self.total else ""
        line = f"\r{self.label} {bar} {share:6.1%} {self.done:,}/{self.total:,} 行 {spent:.1f} 秒{left}"
        self.stream.write(line + ("\n" if final else "\x1b[K"))
        self.stream.flush()


class NoProgress:
    """The same calls, doing nothing (the API, the workbench, tests)."""

    def stage(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass
