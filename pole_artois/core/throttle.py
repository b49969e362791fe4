"""A small per-address rate limit kept in the "throttle" cache (shared between nodes with Redis),
apart from the page cache, which visitors can fill at will.

Counts are kept per fixed window: the key names the window ("contact", this address, the 493 254th
hour since 1970), so a count never needs to outlive its window and a window never depends on how
long a backend keeps a key. Each write says again when the key may go, because not every backend
keeps a key's expiry through incr(): Django's file cache rewrites it with the cache's default
timeout (300 s), which once turned "5 an hour" into "5 per 5 quiet minutes".
"""

import hashlib
import math
import time
from contextlib import contextmanager

from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string

from pole_artois.core.network import client_address


def _window(period):
    """The number of the current window of `period` seconds, and the seconds left in it."""
    now = time.time()
    return int(now // period), math.ceil(period - now % period)


def _visitor(action, request):
    # Hashed: the cache never holds a visitor's address in clear.
    address = hashlib.sha256(client_address(request).encode()).hexdigest()
    return f"throttle:{action}:{address}"


def allow(action, request, *, limit, period):
    """Count one `action` for this visitor; False once they did it `limit` times in the current
    window of `period` seconds."""
    window, left = _window(period)
    key = f"{_visitor(action, request)}:{window}"
    cache = caches["throttle"]
    if cache.add(key, 1, timeout=left):
        # The first in this window, written with its expiry: one write for a new visitor.
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): the window just ended.
        cache.set(key, 1, timeout=left)
        count = 1
    cache.touch(key, timeout=left)
    return count <= limit


@contextmanager
def one_at_a_time(action, request, *, longest):
    """True inside the block unless this visitor already has an `action` running: many requests
    sent at once from one address then hold one worker, not all of them. `longest` (seconds)
    frees the slot of a request that never finished (a worker killed)."""
    key = f"{_visitor(action, request)}:running"
    cache = caches["throttle"]
    alone = cache.add(key, 1, timeout=longest)
    try:
        yield alone
    finally:
        if alone:
            cache.delete(key)


def retry_after(period):
    """Seconds until the current window of `period` seconds ends: the Retry-After of a 429."""
    return _window(period)[1]


def too_many_requests(period):
    """The translated 429 page, with the Retry-After of the current window; like the 503 page,
    it asks nothing of the database."""
    seconds = retry_after(period)
    response = HttpResponse(render_to_string("429.html", {"retry_after": seconds}), status=429)
    response["Retry-After"] = str(seconds)
    return response
