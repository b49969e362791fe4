"""Where uploaded files are stored: never under the name the uploader's computer gave them."""

import secrets
from pathlib import PurePosixPath

from django.db import transaction
from django.db.models.signals import post_delete
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


class DeletesReplacedFile:
    """For a file field: the stored file goes when its row is deleted or another replaces it.

    Otherwise a replaced photo or document would stay at its old address forever. The file is
    deleted once the transaction commits: a rolled-back edit keeps it. `delete_replaced = False`
    keeps every file ever stored (official acts: their legal history).
    """

    delete_replaced = True

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if self.delete_replaced and not cls._meta.abstract:
            post_delete.connect(self._row_deleted, sender=cls)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        # Only a new upload or a cleared field can replace a file: no query on other saves.
        changing = self.delete_replaced and not add and (not file or not file._committed)
        stored = self._stored_name(model_instance) if changing else None
        file = super().pre_save(model_instance, add)
        if stored and stored != file.name:
            self._delete_on_commit(model_instance, stored)
        return file

    def delete_stored(self, storage, name):
        storage.delete(name)

    def _stored_name(self, instance):
        return (
            type(instance)
            ._base_manager.using(instance._state.db)
            .filter(pk=instance.pk)
            .values_list(self.attname, flat=True)
            .first()
        )

    def _row_deleted(self, sender, instance, using, **kwargs):
        if name := getattr(instance, self.attname).name:
            self._delete_on_commit(instance, name, using)

    def _delete_on_commit(self, instance, name, using=None):
        storage = self.storage
        transaction.on_commit(
            lambda: self.delete_stored(storage, name),
            using=using or instance._state.db,
            robust=True,
        )
