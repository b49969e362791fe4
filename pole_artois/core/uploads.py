"""Where uploaded files are stored: never under the name the uploader's computer gave them."""

import secrets
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

MAX_STEM_LENGTH = 80


@deconstructible
class SafeUploadTo:
    """`upload_to` giving `<prefix>/<year>/<random folder>/<slugified-name>.<ext>`.

    "Délibération n°3 (version finale).PDF" becomes
    `<prefix>/2026/3f9c0a1b7d2e4c65/deliberation-n3-version-finale.pdf`: no spaces, accents, dots
    or path separators a browser, a server or a shell could misread, and the visitor downloads it
    under that readable name. The random folder makes the address unguessable: `/media/` serves
    any file it holds, so the document of a draft (a délibération before its séance) must not be
    found by trying its likely name before its page is published. `extension` forces the
    extension (a PDF is stored as `.pdf`, whatever it was called); otherwise the lower-cased
    original one is kept (the field's validators decide which are accepted).
    """

    def __init__(self, prefix, extension=None):
        self.prefix = prefix.strip("/")
        self.extension = extension

    def __call__(self, instance, filename):
        path = PurePosixPath(filename.replace("\\", "/"))
        stem = slugify(path.stem)[:MAX_STEM_LENGTH].strip("-") or "file"
        extension = self.extension or slugify(path.suffix.lstrip("."))[:8]
        name = f"{stem}.{extension.lstrip('.')}" if extension else stem
        return f"{self.prefix}/{timezone.now():%Y}/{secrets.token_hex(8)}/{name}"

    def __eq__(self, other):
        return isinstance(other, SafeUploadTo) and (self.prefix, self.extension) == (
            other.prefix,
            other.extension,
        )
