"""Serving uploads safely, and counting log-in attempts only where there is a request."""

from pathlib import PurePosixPath

from axes.backends import AxesStandaloneBackend
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

# What an upload may be served as; anything else is a download that no browser renders.
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
# Even a file served as an image runs no script and loads nothing if opened on its own.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_media(request, path):
    """An uploaded file with a type from MEDIA_TYPES, never as HTML, SVG or script.

    PDFs are downloaded (Content-Disposition: attachment): a browser then never runs one from
    the site's origin. Used in development and production alike; a reverse proxy may serve
    /media/ instead with the same headers (README, "Uploaded files").
    """
    name = PurePosixPath(path)
    if any(part.startswith(".") for part in name.parts):
        raise Http404
    try:
        handle = default_storage.open(str(name), "rb")
    except (OSError, SuspiciousFileOperation):
        raise Http404 from None
    content_type = MEDIA_TYPES.get(name.suffix.lower())
    as_attachment = content_type is None or content_type == "application/pdf"
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=name.name,
        content_type=content_type or "application/octet-stream",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = MEDIA_CSP
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' guard, for log-ins made through a request (the admin's form).

    Code that authenticates without a request (the test client's `login()`, a shell) has no
    address to count and is let through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
