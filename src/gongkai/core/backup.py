"""`gongkai backup PATH` / `gongkai restore PATH` (spec/cli.md): the database and the attachments in
one archive, consistent while the server runs (decision 0026).

The archive is a tar file: `manifest.json`, the database (`db.sqlite3` made with SQLite's online
backup API, or `db.dump` from `pg_dump --format=custom`, each a snapshot of one instant), the audit
checkpoint file, and `media/` (MEDIA_ROOT) copied *after* the snapshot — every file the snapshot
names was uploaded before it and is there; later uploads are harmless extras. Files are only ever
added by the application (`purge` removes them after the retention period), so the pair is consistent.

With GONGKAI_STORAGE=s3 (decision 0064) the attachments live in the object store, which the archive
does not copy: the manifest and the command's output say so (`"media_included": false` with the
bucket), and `restore` leaves the bucket as it is. The object store is backed up by its own means
(bucket versioning with a retention rule, or replication to a second store): it holds only files the
application added under unique names and never rewrites, so any copy taken after the database
snapshot has every file the snapshot names.

The encryption keys (GONGKAI_DATA_KEYS, GONGKAI_INDEX_KEY, GONGKAI_AUDIT_KEY) are not in the archive:
a stolen backup cannot be read. Keep them apart, and with them restore.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from .errors import InvalidInput

FORMAT = 1
DB_NAMES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DB_NAMES:
        raise InvalidInput(f"不支持备份此类数据库：{vendor}")
    return vendor


def _pg_args(tool: str) -> tuple[list[str], dict]:
    if shutil.which(tool) is None:
        raise InvalidInput(f"未找到 {tool}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）")
    db = connection.settings_dict
    args = [tool, "--no-password", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _snapshot_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # the online backup API: one consistent instant
        finally:
            destination.close()
        return
    args, env = _pg_args("pg_dump")
    run = subprocess.run([*args, "--format=custom", "--no-owner", "--file", str(target)], env=env,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise InvalidInput(f"pg_dump 失败：{run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")


def media_on_file_system() -> bool:
    from django.core.files.storage import FileSystemStorage, storages

    return isinstance(storages["default"], FileSystemStorage)


def _object_store() -> str:
    options = settings.STORAGES["default"].get("OPTIONS", {})
    return f"s3://{options.get('bucket_name', '')}/{options.get('location', '')}".rstrip("/")


MEDIA_EXCLUDED = "附件保存在对象存储 {store} 中，未包含在本备份内：请用对象存储的版本控制或复制另行备份。"


def backup_create(path: Path) -> dict:
    """Writes the archive to PATH (through a temporary file beside it, renamed when complete)."""
    engine = _engine()
    path = Path(path)
    if path.is_dir():
        raise InvalidInput(f"备份路径是一个目录：{path}（请给出文件名，如 {path / 'gongkai-backup.tar'}）")
    if not path.parent.is_dir():
        raise InvalidInput(f"备份路径所在的目录不存在：{path.parent}")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        db_file = Path(work) / DB_NAMES[engine]
        _snapshot_database(engine, db_file)
        on_disk = media_on_file_system()
        files = sorted(p for p in media.rglob("*") if p.is_file()) if on_disk and media.is_dir() else []
        manifest = {"format": FORMAT, "engine": engine, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                    "database": db_file.name, "media_included": on_disk,
                    "media_files": len(files), "media_bytes": sum(p.stat().st_size for p in files)}
        if not on_disk:
            manifest["media_store"] = _object_store()
            manifest["media_note"] = MEDIA_EXCLUDED.format(store=manifest["media_store"])
        partial = Path(work) / "archive.tar"
        mode = "w:gz" if path.name.endswith((".tar.gz", ".tgz")) else "w"
        with tarfile.open(partial, mode) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            checkpoints = Path(settings.GONGKAI_AUDIT_CHECKPOINT_FILE)
            if checkpoints.exists():
                tar.add(checkpoints, arcname="audit-checkpoints.jsonl")
            for file in files:
                tar.add(file, arcname=f"media/{file.relative_to(media).as_posix()}")
        os.replace(partial, path)
    return {"path": str(path), **manifest}


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError, AttributeError):
        raise InvalidInput("不是 Gongkai 备份文件：缺少 manifest.json") from None
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DB_NAMES:
        raise InvalidInput("无法识别的备份格式")
    return manifest


def backup_restore(path: Path) -> dict:
    """Replaces the configured database and MEDIA_ROOT with the archive's. The audit checkpoint file
    in place is kept beside as `…before-restore-<time>`, the archive's put in its place."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"备份文件不存在：{path}")
    try:
        tar = tarfile.open(path)
    except (tarfile.TarError, OSError):
        raise InvalidInput(f"不是有效的备份文件（无法读取归档）：{path}") from None
    with tar, tempfile.TemporaryDirectory() as work:
        manifest = _manifest(tar)
        engine = _engine()
        if manifest["engine"] != engine:
            raise InvalidInput(f"备份的数据库为 {manifest['engine']}，当前配置的数据库为 {engine}，不能恢复")
        try:
            tar.extractall(work, filter="data")  # refuses absolute paths, "..", devices and links out
        except (tarfile.TarError, OSError) as exc:
            raise InvalidInput(f"备份文件已损坏：{exc}") from None
        work = Path(work)
        db_file = work / manifest["database"]
        if not db_file.is_file():
            raise InvalidInput("备份文件已损坏：缺少数据库文件")
        _restore_database(engine, db_file)
        result = {"restored": str(path), **manifest}
        if media_on_file_system() and manifest.get("media_included", True):
            _restore_media(work / "media")
        else:
            # The bucket is not touched: the archive holds none of it, or the files are in the store now.
            result["media_restored"] = False
            result["media_note"] = ("附件在对象存储中，恢复未改动对象存储：请从对象存储的备份恢复相应时间点的附件。"
                                    if not media_on_file_system() else "本备份未包含附件（备份时附件在对象存储中）。")
        _restore_checkpoints(work / "audit-checkpoints.jsonl")
    # The database was replaced below the ORM (the backup API, pg_restore): no write was seen, so
    # every cached public page is made stale here (core/pagecache.py).
    from . import pagecache

    pagecache.bump()
    return result


def _restore_database(engine: str, db_file: Path) -> None:
    if engine == "sqlite":
        source = sqlite3.connect(db_file)
        try:
            if source.execute("pragma integrity_check").fetchone()[0] != "ok":
                raise InvalidInput("备份中的 SQLite 数据库未通过完整性检查")
            connection.ensure_connection()
            source.backup(connection.connection)  # page by page into the live file, under its lock
        except sqlite3.DatabaseError as exc:
            raise InvalidInput(f"备份中的数据库无法读取：{exc}") from None
        finally:
            source.close()
        return
    connections.close_all()
    args, env = _pg_args("pg_restore")
    run = subprocess.run([*args, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                          str(db_file)], env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise InvalidInput(f"pg_restore 失败：{run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")


def _restore_media(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    staged = media.with_name(media.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, staged)
    else:
        staged.mkdir(parents=True)
    old = media.with_name(media.name + ".replaced")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    staged.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def _restore_checkpoints(source: Path) -> None:
    target = Path(settings.GONGKAI_AUDIT_CHECKPOINT_FILE)
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
        target.rename(target.with_name(f"{target.name}.before-restore-{stamp}"))
    if source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
