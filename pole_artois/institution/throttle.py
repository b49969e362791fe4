"""A small per-address rate limit kept in Django's cache (shared between nodes with Redis)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The visitor's IP address; behind our reverse proxy, the one the proxy saw."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        # The proxy appends the address it received the request from: the last entry is the only
        # one a visitor cannot forge.
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def allow(action, request, *, limit, period):
    """Count one `action` for this visitor; False once they did it `limit` times in `period` s."""
    # Hashed: the cache never holds a visitor's address in clear.
    address = hashlib.sha256(client_address(request).encode()).hexdigest()
    key = f"throttle:{action}:{address}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the first action of a new period.
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit
