"""The production storage of static files, answering `{% static %}` from memory."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, each URL worked out once per process.

    Every page asks for five or more (style sheet, icons, sharing image) and each answer went
    through the manifest, `urljoin()` and quoting again. The manifest is read when the storage is
    made and never changes while the process runs, so neither does the URL of a name; a name the
    manifest lacks raises, as before, and is not remembered.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
