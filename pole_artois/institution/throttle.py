"""A small per-address rate limit kept in the "throttle" cache (shared between nodes with Redis),
apart from the page cache, which visitors can fill at will."""

import hashlib

from django.core.cache import caches

from pole_artois.core.network import client_address


def allow(action, request, *, limit, period):
    """Count one `action` for this visitor; False once they did it `limit` times in `period` s."""
    # Hashed: the cache never holds a visitor's address in clear.
    address = hashlib.sha256(client_address(request).encode()).hexdigest()
    key = f"throttle:{action}:{address}"
    cache = caches["throttle"]
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the first action of a new period.
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
