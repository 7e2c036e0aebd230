"""Static files as production serves them (DEBUG off, after collectstatic): each under a name with a
hash of its content, compressed (brotli and gzip) and cached by browsers for good — a changed file
gets a new name, so nobody keeps an old one (decision 0046)."""
from __future__ import annotations

from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


def test_static_files_are_hashed_compressed_and_kept_for_good(settings, tmp_path, db, monkeypatch):
    from gongkai.portal.templatetags import portal

    # What a process started after collectstatic has: no names remembered by the tests before, without
    # a manifest, and no layout fragments kept with those names.
    monkeypatch.setattr(portal, "_assets", {})
    monkeypatch.setattr(portal.KeptFragmentNode, "_kept", type(portal.KeptFragmentNode._kept)())
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "gongkai.core.staticfiles.StaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("portal/portal.css")
    assert url != "/static/portal/portal.css" and url.endswith(".css")  # portal.<hash>.css
    client = Client()
    assert url in client.get("/guide/").content.decode()  # what the pages link
    br = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br.status_code == 200
    assert br["Content-Encoding"] == "br"
    assert "immutable" in br["Cache-Control"] and "max-age=315360000" in br["Cache-Control"]
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    plain = b"".join(client.get(url).streaming_content)
    assert len(b"".join(br.streaming_content)) < len(plain) / 2
