"""Handing an uploaded file (a catalogue attachment, a document of an application) to the browser.
Media files are never served directly: each download view checks who may have the file, then calls
`file_download`, so that every one of them answers in the same safe way."""
from __future__ import annotations

from django.http import FileResponse, Http404


def file_download(stored, *, filename: str, content_type: str, missing: str) -> FileResponse:
    """`stored` (a FieldFile) as an attachment, never shown inline, and with nosniff, so that no browser
    takes an uploaded file for HTML and runs it on our site. A file the database names but storage no
    longer has answers 404 with the Chinese `missing`, not a server error."""
    try:
        handle = stored.open("rb")
    except OSError:  # FileNotFoundError and the storage's other I/O failures
        raise Http404(missing) from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
