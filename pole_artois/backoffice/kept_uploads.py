"""Files chosen on an admin form that came back with an error, kept until the form is saved.

A browser never sends a chosen file twice: when the page comes back with an error (an image's
alt text forgotten), the file would be gone. So each upload that passed its own checks (type,
size, pixels) is written to the private `kept_uploads` storage (settings.STORAGES, outside
MEDIA_ROOT, never served), the page carries a signed token for it in a hidden field beside the
file input, and the next submission uses the kept file unless another one is chosen. A kept file
is deleted once its form is saved; any kept file older than a session (SESSION_COOKIE_AGE) is
deleted whenever another is kept, and its token expires with it.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

SALT = "pole_artois.backoffice.kept_uploads"
# The hidden field of a file input `name` is `name` + HIDDEN_FIELD_SUFFIX: the admin's inline
# script renumbers it with the input when a row is removed.
HIDDEN_FIELD_SUFFIX = "__kept"


@dataclass(frozen=True)
class KeptUpload:
    token: str
    filename: str


class RestoredUpload(UploadedFile):
    """A kept file, submitted again as if the person had chosen it again."""

    def __init__(self, kept, stored_name, content_type):
        storage = _storage()
        super().__init__(
            storage.open(stored_name),
            name=kept.filename,
            content_type=content_type,
            size=storage.size(stored_name),
        )
        self.kept = kept
        self.stored_name = stored_name


def token_field(html_name):
    return f"{html_name}{HIDDEN_FIELD_SUFFIX}"


def _storage():
    return storages["kept_uploads"]


def keep(upload):
    """Keep `upload` (already validated by its form) for the next submission."""
    if isinstance(upload, RestoredUpload):
        return upload.kept
    _delete_stale()
    upload.seek(0)
    stored_name = _storage().save(secrets.token_hex(16), upload)
    payload = {"name": stored_name, "filename": upload.name, "type": upload.content_type}
    return KeptUpload(signing.dumps(payload, salt=SALT), upload.name)


def restore(token):
    """The kept file of `token`, or None when the token is forged or expired or its file gone."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
        return RestoredUpload(
            KeptUpload(token, payload["filename"]), payload["name"], payload["type"]
        )
    except (signing.BadSignature, KeyError, FileNotFoundError):
        return None


def discard(upload):
    upload.close()
    _storage().delete(upload.stored_name)


def _delete_stale():
    storage = _storage()
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:
        return
    oldest_kept = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for name in names:
        try:
            if storage.get_modified_time(name) < oldest_kept:
                storage.delete(name)
        except FileNotFoundError:
            continue  # Deleted meanwhile by another request.
