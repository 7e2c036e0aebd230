"""Attachments in an S3-compatible object store through django-storages (GONGKAI_STORAGE=s3, decision
0064), against a real S3 HTTP server: moto's ThreadedMotoServer on 127.0.0.1:19720–19729.

A clerk attaches a DOCX and a PDF; their text is extracted on upload; once published, a member of the
public downloads exactly those bytes from the portal and finds the item by a word of the attachment;
the files are objects in the bucket and nothing is written under MEDIA_ROOT; a backup says plainly
that it does not hold the bucket's files, and a restore leaves the bucket alone.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from gongkai.catalog import services as catalog
from gongkai.core.backup import backup_create
from tests.textguard.files import docx, pdf

moto_server = pytest.importorskip("moto.server", reason="moto[s3] with flask is a test dependency (make venv)")
boto3 = pytest.importorskip("boto3")

BUCKET = "gongkai-attachments"


def _free_port() -> int:
    for port in range(19720, 19730):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 19720–19729")


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def object_store(settings, s3_endpoint):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="gongkai", aws_secret_access_key="gongkai-secret")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1", "access_key": "gongkai",
        "secret_key": "gongkai-secret", "location": "media", "file_overwrite": False, "default_acl": None,
        "signature_version": "s3v4", "addressing_style": "path"}}}
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_attachments_go_to_the_bucket_and_come_back_from_the_portal(client, object_store, settings, draft, clerk, publish):
    revision = draft.revisions.get()
    guide = docx(["申报指南", "重点支持量子信息与集成电路方向的基础研究项目。"])
    table = pdf(["项目清单", "第一批：量子信息"])
    first = catalog.attachment_add(revision_id=revision.pk, by=clerk, name="申报指南.docx", content=guide)
    second = catalog.attachment_add(revision_id=revision.pk, by=clerk, name="项目清单.pdf", content=table)
    # The same name twice is two objects, never one replacing the other.
    third = catalog.attachment_add(revision_id=revision.pk, by=clerk, name="申报指南（再次上传）.docx", content=guide)
    assert len({first.file.name, third.file.name}) == 2
    assert "集成电路" in first.text and first.text_status == "ok"
    keys = {obj["Key"] for obj in object_store.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {f"media/{a.file.name}" for a in (first, second, third)} <= keys
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else True

    item = publish(draft)
    html = client.get(f"/items/{item.index_number}/").content.decode()
    assert f'href="/attachments/{first.pk}/"' in html
    for attachment, content in ((first, guide), (second, table)):
        response = client.get(f"/attachments/{attachment.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Disposition"].startswith("attachment")
    # A word only the attachment holds finds the item.
    assert item.title in client.get("/search/", {"q": "集成电路"}).content.decode()

    # An object gone from the bucket is the Chinese 404, not a server error.
    object_store.delete_object(Bucket=BUCKET, Key=f"media/{second.file.name}")
    assert client.get(f"/attachments/{second.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the backup waits for open transactions; keeps the seeded rows
def test_a_backup_says_the_bucket_is_not_in_it_and_a_restore_leaves_the_bucket_alone(object_store, s3_endpoint, draft,
                                                                                     clerk, tmp_path):
    attachment = catalog.attachment_add(revision_id=draft.revisions.get().pk, by=clerk, name="清单.pdf", content=pdf(["清单"]))
    result = backup_create(tmp_path / "backup.tar")
    assert result["media_included"] is False and result["media_store"] == f"s3://{BUCKET}/media"
    assert "未包含在本备份内" in result["media_note"]
    with tarfile.open(tmp_path / "backup.tar") as tar:
        assert not any(name.startswith("media/") for name in tar.getnames())
        assert json.load(tar.extractfile("manifest.json"))["media_included"] is False
    # `gongkai restore` into another installation on the same bucket (its own SQLite file: a restore
    # replaces the whole database, which the test's own must not undergo).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_", "GONGKAI_STORAGE", "AWS_"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path / "other"), GONGKAI_STORAGE="s3", AWS_STORAGE_BUCKET_NAME=BUCKET,
               AWS_S3_ENDPOINT_URL=s3_endpoint, AWS_S3_REGION_NAME="us-east-1", AWS_ACCESS_KEY_ID="gongkai",
               AWS_SECRET_ACCESS_KEY="gongkai-secret", AWS_LOCATION="media")
    other_db = None
    if connection.vendor == "postgresql":
        # A PostgreSQL backup restores into PostgreSQL only: the other installation gets a database of its own.
        other_db = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'drop database if exists "{other_db}"')
            cursor.execute(f'create database "{other_db}"')
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{other_db}"
    try:
        run = subprocess.run([Path(sys.executable).parent / "gongkai", "restore", str(tmp_path / "backup.tar")], env=env,
                             capture_output=True, text=True, timeout=300)
    finally:
        if other_db:
            with connection.cursor() as cursor:
                cursor.execute(f'drop database if exists "{other_db}" with (force)')
    assert run.returncode == 0, run.stderr
    restored = json.loads(run.stdout)
    assert restored["media_restored"] is False and "对象存储" in restored["media_note"]
    assert object_store.get_object(Bucket=BUCKET, Key=f"media/{attachment.file.name}")["Body"].read().startswith(b"%PDF")


@pytest.mark.parametrize("env, message", [
    ({"GONGKAI_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
    ({"GONGKAI_STORAGE": "ftp"}, "filesystem or s3"),
])
def test_a_storage_setting_that_cannot_work_stops_the_start(env, message):
    run = subprocess.run([sys.executable, "-c", "import gongkai.settings"], capture_output=True, text=True, timeout=60,
                         env={**{k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_STORAGE", "AWS_"))}, **env})
    assert run.returncode != 0 and message in run.stderr
