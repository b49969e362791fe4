"""Middleware every response goes through: the Permissions-Policy and Cross-Origin-Resource-Policy
headers, and a clear 503 page while the database is unreachable."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# PostgreSQL error classes that say "come back later": connection exception, insufficient
# resources (disk full, too many connections), operator intervention (shutdown, starting up).
TRANSIENT_SQLSTATES = ("08", "53", "57P")


def is_database_unavailable(error):
    """True for a database that cannot answer now; False for a bug (a missing column, say)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if (sqlstate := getattr(cause, "sqlstate", None)) is not None:
        return sqlstate.startswith(TRANSIENT_SQLSTATES)
    # No error code at all: the connection itself failed (refused, lost, timed out).
    return True


def database_unavailable():
    """The 503 page: no database, no request context (a context processor might query)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database into a 503 with Retry-After instead of a 500.

    Django closes the broken connection at the end of the request and opens a new one on the next,
    so the site recovers by itself when the database is back. Errors raised outside views (in other
    middleware) reach handler500, which calls `database_unavailable()` too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.warning("Database unavailable, answering 503: %s", exception)
            return database_unavailable()
        return None


class PermissionsPolicyMiddleware:
    """Deny the browser features the site never uses (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class CrossOriginResourcePolicyMiddleware:
    """Say which other sites may embed a response (an `<img>`, a `<script>` of theirs).

    Pages and the admin: none (`same-origin`). Everything else — static files, uploads, feeds,
    sitemap, open data: the site's own domain and its subdomains (`same-site`). Readers are not
    hindered: the header binds only what a page of another site embeds, not a navigation, a feed
    reader's server nor a `fetch()` in CORS mode (the open data's `Access-Control-Allow-Origin:
    *` lets any site's scripts read them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        in_admin = match is not None and "admin" in match.namespaces
        is_page = response.get("Content-Type", "").startswith("text/html")
        policy = "same-origin" if in_admin or is_page else "same-site"
        response.headers.setdefault("Cross-Origin-Resource-Policy", policy)
        return response
