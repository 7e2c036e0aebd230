"""Every download view (portal attachments, tracking-page documents, the workbench's attachments and
case files) answers through gongkai.core.downloads.file_download: always as an attachment with nosniff,
so an uploaded file is never shown inline or taken for HTML; a file storage has lost is a 404."""
from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from gongkai.core.downloads import file_download


class Lost:
    """A file the database names but storage no longer has."""

    def open(self, mode):
        raise FileNotFoundError("gone")


def test_a_file_is_downloaded_as_an_attachment_with_nosniff():
    response = file_download(ContentFile(b"<html>x</html>"), filename="答复告知书.pdf", content_type="application/pdf",
                             missing="文件不存在")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<html>x</html>"


def test_a_lost_file_is_a_404_with_the_chinese_message():
    with pytest.raises(Http404, match="该附件文件已不存在"):
        file_download(Lost(), filename="a.pdf", content_type="application/pdf", missing="该附件文件已不存在")
