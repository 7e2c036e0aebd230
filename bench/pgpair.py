"""A PostgreSQL 15 primary and a streaming replica of their own, for tests and benches (decision 0062).

`PgPair(primary_port, replica_port)` makes both in a temporary folder with the server binaries of
/usr/lib/postgresql/15/bin (initdb, then `pg_basebackup -R` for the replica: a real standby that
streams the primary's WAL), never touching the machine's clusters; `stop()` shuts both down and
removes the folder. Run as root, the servers run as the `postgres` user (PostgreSQL refuses root).

    python -m bench.pgpair 19701 19702   # starts a pair and waits; Ctrl-C stops and removes it
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("GONGKAI_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """None when a pair can be made here, else why not (for a skip message)."""
    for tool in ("initdb", "pg_ctl", "pg_basebackup", "postgres"):
        if not (PG_BIN / tool).exists():
            return f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql-15, or set GONGKAI_PG_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the servers as"
    return None


class PgPair:
    def __init__(self, primary_port: int, replica_port: int):
        self.primary_port, self.replica_port = primary_port, replica_port
        self.root = Path(tempfile.mkdtemp(prefix="gk-pgpair-"))
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.primary, self.replica = self.root / "primary", self.root / "replica"

    def url(self, which: str, db: str) -> str:
        port = self.primary_port if which == "primary" else self.replica_port
        return f"postgres://postgres@127.0.0.1:{port}/{db}"

    def _run(self, *args, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *map(str, args)], check=check, capture_output=True, text=True,
                              timeout=timeout, cwd=self.root)

    def _ctl(self, data: Path, *args, check: bool = True):
        return self._run(PG_BIN / "pg_ctl", "-D", data, "-l", data.with_suffix(".log"), "-w", "-t", "60", *args,
                         check=check)

    def start(self) -> "PgPair":
        self._run(PG_BIN / "initdb", "-D", self.primary, "--auth=trust", "--username=postgres",
                  "--locale=C.UTF-8", "--encoding=UTF8")
        # A test server: durability traded for speed (fsync off); a socket in our folder, not /var/run.
        settings = (f"port = {self.primary_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\n"
                    "max_connections = 60\nwal_level = replica\nmax_wal_senders = 4\nwal_keep_size = 64MB\n")
        with open(self.primary / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(settings)
        self.start_primary()
        return self

    def make_replica(self) -> None:
        """pg_basebackup -R: a copy of the primary as it is now, with standby.signal and primary_conninfo."""
        self._run(PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
                  "-D", self.replica, "-R", "-X", "stream", "--checkpoint=fast")
        with open(self.replica / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.write(f"port = {self.replica_port}\nhot_standby = on\nhot_standby_feedback = on\n")
        self._ctl(self.replica, "start")

    def start_primary(self) -> None:
        self._ctl(self.primary, "start")

    def stop_primary(self) -> None:
        self._ctl(self.primary, "stop", "-m", "fast", check=False)

    def stop_replica(self) -> None:
        self._ctl(self.replica, "stop", "-m", "fast", check=False)

    def start_replica(self) -> None:
        self._ctl(self.replica, "start")

    def sql(self, which: str, query: str, db: str = "postgres") -> str:
        port = self.primary_port if which == "primary" else self.replica_port
        out = subprocess.run([PG_BIN / "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db,
                              "-At", "-v", "ON_ERROR_STOP=1", "-c", query], check=True, capture_output=True,
                             text=True, timeout=30)
        return out.stdout.strip()

    def wait_replayed(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        # The insert position: this pair runs with synchronous_commit off, so a commit that has
        # returned may not be written yet, and the write position (pg_current_wal_lsn) can precede it.
        target = self.sql("primary", "select pg_current_wal_insert_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sql("replica", f"select pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
                return
            time.sleep(0.1)
        raise TimeoutError("the replica did not catch up")

    def stop(self) -> None:
        for data in (self.replica, self.primary):
            if (data / "postmaster.pid").exists():
                self._ctl(data, "stop", "-m", "immediate", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":
    reason = available()
    if reason:
        sys.exit(reason)
    pair = PgPair(int(sys.argv[1]) if len(sys.argv) > 1 else 19701, int(sys.argv[2]) if len(sys.argv) > 2 else 19702)
    try:
        pair.start()
        pair.make_replica()
        print(f"primary {pair.url('primary', 'postgres')}\nreplica {pair.url('replica', 'postgres')}\n(Ctrl-C to stop)")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        pair.stop()
