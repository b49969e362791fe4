"""The cache of one server without Redis (CACHE_DIR): Django's file cache, less one cost.

Django's file cache lists its whole directory on every write, to know whether it holds more than
MAX_ENTRIES files. The throttle cache gets a file per visitor and window, the page cache one per
page and table: with thousands of files, each write then cost milliseconds, growing with the
number of visitors (a search by a new visitor writes three files). Here a process counts the files
at most once every CULL_SECONDS: writes cost the same however full the directory is, and it may
grow past MAX_ENTRIES by what the workers write in that time before it is trimmed as before.
"""

import time

from django.core.cache.backends.filebased import FileBasedCache


class DirectoryCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._cull_seconds = float(options.get("CULL_SECONDS", 10))
        self._next_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self._cull_seconds
        super()._cull()
