"""Serving uploads: only as the image or PDF they are, never as a page that could run a script."""

from pathlib import PurePosixPath

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
# Stored names are at most 255 characters (the fields' max_length), renditions a little more.
MAX_PATH_LENGTH = 512


def serve_media(request, path):
    """An uploaded file with a type from MEDIA_TYPES, never as HTML, SVG or script.

    PDFs are downloaded (Content-Disposition: attachment): a browser then never runs one from
    the site's origin. Used in development and production alike; a reverse proxy may serve
    /media/ instead with the same headers (README, "Uploaded files"). A path no upload can have
    (hidden or parent folders, a NUL or a backslash, too long) is a 404, whatever the storage
    would make of it.
    """
    name = PurePosixPath(path)
    if (
        len(path) > MAX_PATH_LENGTH
        or "\\" in path
        or "\0" in path
        or any(part.startswith(".") for part in name.parts)
    ):
        raise Http404
    try:
        handle = default_storage.open(str(name), "rb")
    except (OSError, ValueError, SuspiciousFileOperation):
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
