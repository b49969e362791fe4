"""Purging a caching tier in front (Varnish) of the pages an edit changed.

Every page the tier may keep lists the tables it was built from in its `X-Pole-Keys` header
(core/http_cache.py). When a write to some tables commits, the page cache calls `purge()` with
them, and each address of HTTP_CACHE_PURGE_URLS receives one request

    BAN / HTTP/1.1
    X-Pole-Keys: territoire_commune chantiers_objective

that the VCL (deploy/varnish/pole.vcl) turns into a ban of every object whose keys name one of
those tables.

The requests leave from a thread of their own, never from the edit: an admin save only adds its
tables to a set and returns, whether the tier answers in a millisecond, hangs or is down. The
thread sends what has gathered since its last request in one BAN, so an import of a thousand rows
costs one or two requests, not a thousand. A failure is logged and forgotten: the tier's copies
then live until their `s-maxage` (HTTP_CACHE_SHARED_MAX_AGE). Before a process exits (a
management command, an import), what is pending is still sent, for a few seconds at most.
"""

import atexit
import http.client
import logging
import os
import threading
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

KEYS_HEADER = "X-Pole-Keys"


def _ban(url, keys):
    """One BAN to `url`; a failure is logged."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=settings.HTTP_CACHE_PURGE_TIMEOUT
    )
    try:
        connection.request("BAN", parts.path or "/", headers={KEYS_HEADER: keys})
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException) as error:
        logger.warning("Could not purge %s from the cache at %s: %s", keys, url, error)
        return
    finally:
        connection.close()
    if response.status != 200:
        logger.warning(
            "The cache at %s refused to purge %s: %s %s",
            url,
            keys,
            response.status,
            response.reason,
        )


class _Purger:
    """The tables waiting to be purged, and the thread that sends them."""

    def __init__(self):
        self.changed = threading.Condition()
        self.pending = set()
        self.sending = False
        self.thread = None

    def add(self, tables):
        with self.changed:
            self.pending.update(tables)
            if self.thread is None:
                self.thread = threading.Thread(target=self.run, name="cache-purge", daemon=True)
                self.thread.start()
            self.changed.notify_all()

    def run(self):
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.pending)
                tables, self.pending = self.pending, set()
                self.sending = True
            keys = " ".join(sorted(tables))
            for url in settings.HTTP_CACHE_PURGE_URLS:
                try:
                    _ban(url, keys)
                except Exception:
                    # A malformed address (see check core.W004) must not end the purges.
                    logger.exception("Could not purge %s from the cache at %s", keys, url)
            with self.changed:
                self.sending = False
                self.changed.notify_all()

    def wait(self, timeout):
        """Until every table handed over so far has been sent (or failed); False on timeout."""
        with self.changed:
            return self.changed.wait_for(lambda: not (self.pending or self.sending), timeout)


_purger = _Purger()
# A forked child (a gunicorn worker) has no thread of its own yet: it starts one on first use.
os.register_at_fork(after_in_child=_purger.__init__)


def purge(tables):
    """Ban from the tier every page built from one of `tables` (a write to them has committed)."""
    if tables and settings.HTTP_CACHE_PURGE_URLS:
        _purger.add(tables)


def wait_for_purges(timeout=None):
    """Block until what was handed to `purge()` has been sent; False if `timeout` passed first."""
    return _purger.wait(timeout)


@atexit.register
def _send_before_exit():
    # A manage.py command that edits exits right after its commit: its purge must still leave.
    if settings.configured and settings.HTTP_CACHE_PURGE_URLS:
        limit = settings.HTTP_CACHE_PURGE_TIMEOUT * (len(settings.HTTP_CACHE_PURGE_URLS) + 1)
        if not wait_for_purges(limit):
            logger.warning("Exiting before the cache in front was purged")
