"""The cache of one server without Redis (CACHE_DIR): Django's file cache, less two costs.

Django's file cache lists its whole directory on every write, to know whether it holds more than
MAX_ENTRIES files. The throttle cache gets a file per visitor and window, the page cache one per
page and table: with thousands of files, each write then cost milliseconds, growing with the
number of visitors (a search by a new visitor writes three files). Here a process counts the files
at most once every CULL_SECONDS: writes cost the same however full the directory is, and it may
grow past MAX_ENTRIES by what the workers write in that time before it is trimmed as before.

Creating a file is the other cost: a new inode cost 0.2 ms of CPU on the bench's machine (0.4 ms
with two workers writing), a new name for an existing one 0.01 ms. The throttle's entries are
integers, and a new visitor's hold the same bytes as every other new visitor's of that window (1,
until the window's end): an integer entry with an expiry is written as a hard link to a file of
those bytes, kept in SHARED and made by the first write that needs it. That is safe because no
entry is ever written in place (set() renames a new name over the old one; touch() is rewritten
here to do the same), and readers still see whole files only. Such an entry's expiry is rounded
up to the second (it may outlive its timeout by less than a second) so that its bytes repeat; the
shared files of past expiries are removed when the directory is counted.
"""

import contextlib
import glob
import hashlib
import itertools
import math
import os
import pickle
import secrets
import tempfile
import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

# The subdirectory of the shared files: on the entries' file system, out of their listing.
SHARED = "shared-values"
SHARED_SUFFIX = ".shared"
_MISSING = object()


class DirectoryCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._cull_seconds = float(options.get("CULL_SECONDS", 10))
        self._next_cull = 0.0
        self._shared_dir = os.path.join(self._dir, SHARED)
        # Names of links about to be renamed: unique between processes, and past restarts.
        self._names = itertools.count()
        self._token = secrets.token_hex(4)

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self._cull_seconds
        super()._cull()
        self._remove_past_shared()

    def _remove_past_shared(self):
        now = time.time()
        for name in glob.glob(f"*{SHARED_SUFFIX}", root_dir=self._shared_dir):
            if int(name.rsplit("-", 1)[0]) < now:
                with contextlib.suppress(FileNotFoundError):  # removed by another process
                    os.remove(os.path.join(self._shared_dir, name))

    def _shared_content(self, value, timeout):
        """The bytes of an entry written as a link (its expiry rounded up), or None."""
        if type(value) is not int:
            return None
        expiry = self.get_backend_timeout(timeout)
        if expiry is None:
            # It would never be removed: one file per value a counter ever had.
            return None
        expiry = math.ceil(expiry)
        content = pickle.dumps(expiry, self.pickle_protocol)
        return expiry, content + zlib.compress(pickle.dumps(value, self.pickle_protocol))

    def _link(self, shared, fname):
        """Link `fname` to the shared file of `shared` (expiry, bytes), made if missing; False when
        the file system refuses the link."""
        expiry, content = shared
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        source = os.path.join(self._shared_dir, f"{expiry}-{digest}{SHARED_SUFFIX}")
        for _attempt in range(2):
            try:
                os.link(source, fname)
                return True
            except FileNotFoundError:
                # Not made yet, or removed as past by another process in between.
                self._make_shared(source, content)
            except FileExistsError:
                raise
            except OSError:
                # The file has all the links it may have (EMLINK), or the file system has none.
                return False
        return False

    def _make_shared(self, source, content):
        os.makedirs(self._shared_dir, mode=0o700, exist_ok=True)
        fd, tmp_path = tempfile.mkstemp(dir=self._shared_dir)
        try:
            with open(fd, "wb") as f:
                f.write(content)
            # Another process may have made it too: the same bytes.
            os.replace(tmp_path, source)
        except BaseException:
            os.remove(tmp_path)
            raise

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        shared = self._shared_content(value, timeout)
        if shared is None:
            return super().set(key, value, timeout, version)
        self._createdir()
        fname = self._key_to_file(key, version)
        self._cull()
        # A new name first, renamed over the entry's: set() replaces an entry at once.
        tmp_path = f"{fname}.{os.getpid()}-{self._token}-{next(self._names)}.tmp"
        if not self._link(shared, tmp_path):
            return super().set(key, value, timeout, version)
        try:
            os.replace(tmp_path, fname)
        except BaseException:
            os.remove(tmp_path)
            raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        shared = self._shared_content(value, timeout)
        if shared is None:
            return super().add(key, value, timeout, version)
        self._createdir()
        fname = self._key_to_file(key, version)
        self._cull()
        try:
            # A link never replaces a file: one add() wins, even between processes.
            if self._link(shared, fname):
                return True
        except FileExistsError:
            pass
        # The entry exists (expired or not), or its shared file has all the links it may have.
        return super().add(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's rewrites the file in place, which would change every entry linked to it.
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True
