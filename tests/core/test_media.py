"""Uploads are served as the images or PDFs they are, and odd paths are a 404."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("evil.html", "application/octet-stream", "attachment"),
        ("evil.svg", "application/octet-stream", "attachment"),
        ("document.pdf", "application/pdf", "attachment"),
        ("photo.JPG", "image/jpeg", "inline"),
    ],
)
def test_uploads_are_never_served_as_html(client, media, name, content_type, disposition):
    (media / "uploads").mkdir()
    (media / "uploads" / name).write_bytes(b"<html><script>alert(1)</script></html>")
    response = client.get(f"/media/uploads/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(disposition)
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-site"


@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings.py",
        "/media/missing.png",
        "/media/.hidden.png",
        "/media/uploads/",
        "/media/a%00b.png",
        "/media/uploads/photo.JPG%00.png",
        "/media/..%2F..%2Fpole_artois%2Fsettings.py",
        "/media/uploads%5Cphoto.JPG",
        "/media//etc/passwd",
        "/media/%ff%fe.png",
        "/media/" + "a" * 5000 + ".png",
        "/media/" + "a/" * 400 + "b.png",
    ],
)
def test_no_file_outside_the_uploads_or_missing_is_served(client, media, path):
    (media / "uploads").mkdir()
    (media / "uploads" / "photo.JPG").write_bytes(b"x")
    (media / ".hidden.png").write_bytes(b"x")
    assert client.get(path).status_code == 404
