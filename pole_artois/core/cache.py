"""Whole-page cache for anonymous visitors, invalidated by what the database actually changed.

No view declares what it depends on: the SQL Django sends says it. While a page is built, the
tables its queries read are noted; whenever any code writes to a table (a save, a publication or a
deletion in the admin, an import, a bulk `update()`), that table's version moves on. A cached page
stays fresh while none of the tables it read has moved since it was built, so saving a commune
evicts the pages that show communes and leaves a chantier's page alone. The granularity is the
table: publishing one news item evicts every page that reads news.

Versions come from one counter, the epoch. A page remembers the epoch read *before* it was built;
a write sets its table's version to a new epoch, at once and again when its transaction commits
(otherwise a page built from the old rows between the write and the commit would look fresh).

A page is keyed on its language, host, path and the query parameters its view reads: a view
declares them (`query_parameters = ("q", "page")`); a request bringing any other (`utm_source`,
`fbclid`, a typo) is redirected to the address without it, so junk never builds a page of its own.

What is never cached: anything but GET/HEAD; requests carrying a cookie other than the CSRF and
language ones (staff, sessions, flash messages: nothing personal is ever stored or served); the
admin; responses that are not 200, set a cookie (a page with a CSRF token sets one, so the contact
form is rendered for each visitor), say `Cache-Control: private/no-cache/no-store`
(`@never_cache`), or hold the response's CSP nonce (it must match this response's header).
Content published with a future date appears once PAGE_CACHE_SECONDS has passed.

What it knows also decides what browsers and a tier in front may keep (core/http_cache.py: the
ETag is a digest of the stored body), and the commit of a write purges that tier too
(core/purge.py).

The cache is Django's "default" one: local memory per process, or Redis / a directory shared by
every worker (see settings). A cache failure never fails a page: it is logged and the page is
built as if nothing was cached. docs/page-cache.md tells the design in five minutes.
"""

import functools
import hashlib
import logging
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language

from pole_artois.core.purge import purge

logger = logging.getLogger(__name__)

EPOCH_KEY = "page-cache:epoch"
SAFE_METHODS = {"GET", "HEAD"}
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}

# How long a value of cached_until_written() lives at most: the bound on what a write made outside
# the site (psql by hand) can leave stale, since only the site's own writes move a table's version.
VALUE_SECONDS = 60 * 60

_COMMA = re.compile(r"\s*,\s*")
_QUOTED_NAME = re.compile(r'"([^"]+)"')
_WRITE = re.compile(r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\b", re.IGNORECASE)

# The set of tables read by the page being built in this context, or None outside one.
_tables_read = ContextVar("page_cache_tables_read", default=None)
# The tables the statement about to run reads, when its caller knows them (reading_only()).
_tables_of_statement = ContextVar("page_cache_tables_of_statement", default=None)


def _cache():
    return caches["default"]


def _table_key(table):
    return f"page-cache:table:{table}"


@functools.cache
def _known_tables():
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def tables_in(sql):
    """The project's tables named in `sql` (Django quotes every identifier it writes)."""
    return _known_tables().intersection(_QUOTED_NAME.findall(sql))


def tables_written(sql):
    match = _WRITE.match(sql)
    if match is None:
        return set()
    if match.group(1).upper() == "TRUNCATE":
        return tables_in(sql)
    # The statement's target is its first name; tables in sub-queries are only read.
    target = _QUOTED_NAME.search(sql, match.end())
    return {target.group(1)} & _known_tables() if target else set()


def _counts_atomically(cache):
    """Redis and local memory increment in one step. A directory cache reads the file and writes
    it back: two workers may be handed the same number, and a write would then look older than a
    page built from the rows before it. There, the clock that the server's workers share counts."""
    return not isinstance(cache, FileBasedCache)


def current_epoch(cache):
    if not _counts_atomically(cache):
        return time.time_ns()
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        # Seeded from the clock so that a lost counter restarts above every version already given.
        cache.add(EPOCH_KEY, time.time_ns(), timeout=None)
        epoch = cache.get(EPOCH_KEY)
    return epoch


def _next_epoch(cache):
    if not _counts_atomically(cache):
        return time.time_ns()
    try:
        return cache.incr(EPOCH_KEY)
    except ValueError:
        current_epoch(cache)
        return cache.incr(EPOCH_KEY)


def _bump(tables):
    cache = _cache()
    try:
        epoch = _next_epoch(cache)
        cache.set_many({_table_key(table): epoch for table in tables}, timeout=None)
    except Exception:
        # The write itself succeeded; failing it now would punish the editor for a cache outage.
        logger.exception("Could not invalidate the cached pages that read %s", sorted(tables))


def _committed(tables):
    _bump(tables)
    # After the bump: the tier, refetching at once, must not get this cache's stale copy.
    purge(tables)


def invalidate_tables(tables, using="default"):
    """Make stale every cached page that read one of `tables`, now and when the write commits
    (then the caching tier in front is purged too, core/purge.py)."""
    tables = set(tables)
    if not tables:
        return
    _bump(tables)
    transaction.on_commit(functools.partial(_committed, tables), using=using)


@contextmanager
def reading_only(tables):
    """Around statements that read `tables` (those of tables_in() for their SQL) and write
    nothing: track_queries() notes them without looking for them in the SQL, which cost a search
    a tenth of its query's time, its words and constants written into 15 kB of SQL."""
    token = _tables_of_statement.set(tables)
    try:
        yield
    finally:
        _tables_of_statement.reset(token)


def track_queries(execute, sql, params, many, context):
    """Execute wrapper installed on every connection: notes what a page reads, and every write."""
    result = execute(sql, params, many, context)
    if (known := _tables_of_statement.get()) is not None:
        if (reading := _tables_read.get()) is not None:
            reading.update(known)
        return result
    if (reading := _tables_read.get()) is not None:
        reading.update(tables_in(sql))
    if written := tables_written(sql):
        connection = context["connection"]
        if connection.in_atomic_block:
            invalidate_tables(written, using=connection.alias)
        else:
            _committed(written)
    return result


def _is_fresh(cache, entry):
    """Whether none of the tables `entry` was built from has been written since its epoch."""
    keys = [_table_key(table) for table in entry["tables"]]
    versions = cache.get_many(keys)
    # A table whose version was lost (evicted) may have changed: rebuild.
    return len(versions) == len(keys) and all(v <= entry["epoch"] for v in versions.values())


def _remember_versions(cache, tables):
    """Give a version to each of `tables` that has none yet, so that a later write outdates it.

    The version is the epoch of now, not of the page's start: a version lost (evicted) may have
    been a write made while the page was built, and the page must not pass for newer than it.
    """
    keys = [_table_key(table) for table in tables]
    if missing := set(keys) - set(cache.get_many(keys)):
        epoch = current_epoch(cache)
        for key in missing:
            # add(), not set(): a concurrent write's newer version must win.
            cache.add(key, epoch, timeout=None)


# The entries of values and fragments this process read or wrote last, by key: a fresh one is
# served after reading only its tables' versions, not the entry again from the shared cache (a
# directory's file, unzipped and unpickled: 0.2 ms for the directory's 80 kB of rows). Bounded,
# and started over when full. An entry still carries its own deadline, which a copy keeps.
LOCAL_COPIES = 256
_local_copies = {}


def _read_entry(cache, key):
    """The fresh entry at `key`, from this process's copy or the shared cache; None if none."""
    entry = _local_copies.get(key)
    if entry is not None and entry["until"] > time.time() and _is_fresh(cache, entry):
        return entry
    entry = cache.get(key)
    if entry is None or not _is_fresh(cache, entry):
        return None
    if "until" in entry:
        _keep_copy(key, entry)
    return entry


def _write_entry(cache, key, entry, timeout):
    entry["until"] = time.time() + timeout
    _remember_versions(cache, entry["tables"])
    cache.set(key, entry, timeout)
    _keep_copy(key, entry)


def _keep_copy(key, entry):
    if len(_local_copies) >= LOCAL_COPIES:
        _local_copies.clear()
    _local_copies[key] = entry


def cached_until_written(key, models, build):
    """`build()`'s value, kept in the cache until one of the tables of `models` (a model or a
    tuple of models) is next written.

    For what many pages show (the footer's identity record, the territory map): read from the
    database once for the whole site, not once per page. The page being built still notes the
    tables as read, so that its cached copy goes with the value.
    """
    tables = sorted(
        model._meta.db_table for model in (models if isinstance(models, tuple) else (models,))
    )
    if (reading := _tables_read.get()) is not None:
        reading.update(tables)
    cache = _cache()
    key = f"page-cache:value:{key}"
    try:
        if (entry := _read_entry(cache, key)) is not None:
            return entry["value"]
        epoch = current_epoch(cache)
    except Exception:
        logger.exception("Cache unavailable: reading %s from the database", ", ".join(tables))
        return build()
    value = build()
    try:
        _write_entry(cache, key, {"epoch": epoch, "tables": tables, "value": value}, VALUE_SECONDS)
    except Exception:
        logger.exception("Cache unavailable: %s not stored", ", ".join(tables))
    return value


def cached_for_visitors(request, key, models, build):
    """`build()`'s value kept as cached_until_written() does, for anonymous visitors only: staff
    may see drafts, so what they get is always read.

    For what decides a page's status before its fragments (the object of a detail page): with it
    kept, a page assembled from kept fragments reads nothing. An exception (a 404) is not kept.
    """
    if request is None or not is_anonymous(request):
        return build()
    return cached_until_written(key, models, build)


def _fragment_key(name, parts):
    """The cache key of a fragment: its name, the language and what its template says it varies
    on (a model instance counts by its table and primary key, a query string by its values)."""
    words = [
        f"{part._meta.db_table}:{part.pk}"
        if hasattr(part, "_meta")
        # A query string: in the name order, as for the page's own key.
        else str(sorted(part.lists()))
        if hasattr(part, "lists")
        else str(part)
        for part in parts
    ]
    digest = hashlib.sha256("\x1f".join(words).encode()).hexdigest()
    return f"page-cache:fragment:{get_language()}:{name}:{digest}"


def _visitor_marks(request):
    """What a build may give a page that is this visitor's own: a CSRF token (a stored form
    would post another visitor's) and the response's CSP nonce."""
    return request.META.get("CSRF_COOKIE_NEEDS_UPDATE"), bool(getattr(request, "_csp_nonce", None))


def cached_fragment(request, name, parts, build):
    """`build()`'s HTML for an anonymous visitor, kept until one of the tables the page had read
    so far or the build read is next written, FRAGMENT_CACHE_SECONDS at most (the bound on what
    the clock alone changes: what is published now, the next events).

    For the costly part of a page that the page cache does not serve: a page built for a cookie,
    a query string not seen yet, or a page whose other parts changed. The template names what
    the fragment varies on (`parts`) beyond the language; the tables come from the SQL, as for
    the page cache. Staff never read nor store fragments: they may see drafts.
    """
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or request is None or not is_anonymous(request):
        return build()
    outer = _tables_read.get()
    cache = _cache()
    key = _fragment_key(name, parts)
    try:
        if (entry := _read_entry(cache, key)) is not None:
            if outer is not None:
                outer.update(entry["tables"])
            return entry["value"]
        epoch = current_epoch(cache)
    except Exception:
        logger.exception("Cache unavailable: building the fragment %s", name)
        return build()
    # What the page read before the fragment may be in it too (the view's object, say).
    tables = set(outer or ())
    marks = _visitor_marks(request)
    token = _tables_read.set(tables)
    try:
        value = build()
    finally:
        _tables_read.reset(token)
    if outer is not None:
        outer.update(tables)
    if _visitor_marks(request) != marks:
        return value
    entry = {"epoch": epoch, "tables": sorted(tables), "value": value}
    try:
        _write_entry(cache, key, entry, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.exception("Cache unavailable: fragment %s not stored", name)
    return value


def install_on_connection(sender, connection, **kwargs):
    """`connection_created` receiver. First in the list: `execute_wrapper()` pops the last one."""
    if track_queries not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, track_queries)


def is_anonymous(request):
    """Whether the request may be answered with what every visitor gets: no credentials, and no
    cookie but the CSRF and language ones (both ignored by every page that is cached)."""
    allowed_cookies = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return "HTTP_AUTHORIZATION" not in request.META and set(request.COOKIES) <= allowed_cookies


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0 and request.method in SAFE_METHODS and is_anonymous(request)
    )


def cache_directives(response):
    return {
        directive.split("=")[0].strip().lower()
        for directive in _COMMA.split(response.get("Cache-Control", ""))
    }


def _storable(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not cache_directives(response) & UNCACHEABLE_DIRECTIVES
        # LazyNonce is falsy until a template has used it; no public template does today.
        and not getattr(request, "_csp_nonce", None)
    )


def query_parameters(view_func):
    """The query parameters `view_func` reads, as its view declares them."""
    view = getattr(view_func, "view_class", view_func)
    return frozenset(getattr(view, "query_parameters", ()))


def _without_undeclared(request, declared):
    """A redirect to the same address without the query parameters the view does not read."""
    kept = request.GET.copy()
    for name in set(kept) - declared:
        del kept[name]
    query = kept.urlencode()
    return HttpResponseRedirect(escape_uri_path(request.path) + (f"?{query}" if query else ""))


def _page_key(request):
    # In the name order, so that ?q=a&kind=b and ?kind=b&q=a are one page.
    query = sorted((name, request.GET.getlist(name)) for name in request.GET)
    url = f"{request.build_absolute_uri(request.path)}?{query}".encode()
    return f"page-cache:page:{get_language()}:{hashlib.sha256(url).hexdigest()}"


class _Page:
    """What a miss needs to remember between the lookup (before the view) and the store; what a
    hit was served from. core/http_cache.py reads it to tell the browser and the tier in front."""

    def __init__(self, key, epoch, tables=(), etag=None, hit=False):
        self.key = key
        self.epoch = epoch
        self.tables = set(tables)
        # A digest of the body: the same page gives the same validator in every worker.
        self.etag = etag
        self.hit = hit
        # Whether the page is still current once stored: a write to one of its tables while it
        # was built (rows read before the write, perhaps) leaves it stale.
        self.fresh = hit

    @classmethod
    def served(cls, key, entry):
        etag = entry.get("etag") or _digest(entry["content"])
        return cls(key, entry["epoch"], entry["tables"], etag, hit=True)


def _digest(content):
    return hashlib.blake2b(content, digest_size=16).hexdigest()


class PageCacheMiddleware:
    """Serve anonymous pages from the cache; place it after WhiteNoise and GZip, before sessions.

    After GZip: one uncompressed copy serves every client, compressed or not, on the way out.
    Before sessions, CSRF and the rest: it sees the cookies they set when deciding to store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache = None
        token = _tables_read.set(None)
        try:
            response = self.get_response(request)
        finally:
            _tables_read.reset(token)
        page = request._page_cache
        if page is not None and not page.hit and _storable(request, response):
            self._store(response, page)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The language is known here (LocaleMiddleware has run) and no view has queried anything.
        if "admin" in request.resolver_match.namespaces:
            return None
        if not _cacheable_request(request):
            # Fragments still need to know what the page read before them (cached_fragment).
            _tables_read.set(set())
            return None
        declared = query_parameters(view_func)
        if set(request.GET) - declared:
            return _without_undeclared(request, declared)
        cache = _cache()
        key = _page_key(request)
        try:
            entry = cache.get(key)
            if entry is not None and _is_fresh(cache, entry):
                request._page_cache = _Page.served(key, entry)
                return self._response(entry)
            page = _Page(key, current_epoch(cache))
        except Exception:
            logger.exception("Page cache unavailable: building the page")
            return None
        request._page_cache = page
        _tables_read.set(page.tables)
        return None

    @staticmethod
    def _response(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        return response

    @staticmethod
    def _store(response, page):
        page.etag = _digest(response.content)
        entry = {
            "epoch": page.epoch,
            "tables": sorted(page.tables),
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "etag": page.etag,
        }
        cache = _cache()
        try:
            _remember_versions(cache, entry["tables"])
            cache.set(page.key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            page.fresh = _is_fresh(cache, entry)
        except Exception:
            logger.exception("Page cache unavailable: page not stored")
