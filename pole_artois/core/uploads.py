"""Where uploaded files are stored: never under the name the uploader's computer gave them."""

from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

MAX_STEM_LENGTH = 80


@deconstructible
class SafeUploadTo:
    """`upload_to` giving `<prefix>/<year>/<slugified-name>.<ext>`.

    "Délibération n°3 (version finale).PDF" becomes
    `<prefix>/2026/deliberation-n3-version-finale.pdf`: no spaces, accents, dots or path
    separators a browser, a server or a shell could misread. `extension` forces the extension (a
    PDF is stored as `.pdf`, whatever it was called); otherwise the lower-cased original one is
    kept (the field's validators decide which are accepted). Django adds a random suffix when the
    name is taken.
    """

    def __init__(self, prefix, extension=None):
        self.prefix = prefix.strip("/")
        self.extension = extension

    def __call__(self, instance, filename):
        path = PurePosixPath(filename.replace("\\", "/"))
        stem = slugify(path.stem)[:MAX_STEM_LENGTH].strip("-") or "file"
        extension = self.extension or slugify(path.suffix.lstrip("."))[:8]
        name = f"{stem}.{extension.lstrip('.')}" if extension else stem
        return f"{self.prefix}/{timezone.now():%Y}/{name}"

    def __eq__(self, other):
        return isinstance(other, SafeUploadTo) and (self.prefix, self.extension) == (
            other.prefix,
            other.extension,
        )
