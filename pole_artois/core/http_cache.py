"""What a browser and a shared cache in front (Varnish, a CDN) may keep, said on every response.

Three answers, decided from what the page cache (core/cache.py) knows:

- **public**: an anonymous page the page cache stored or served, still current. It gets
  `Cache-Control: public, max-age, s-maxage, stale-while-revalidate` (HTTP_CACHE_* settings), a
  weak `ETag` (the digest of the body, kept with the cached page: a conditional request for a
  cached page is answered 304 without building anything), `Vary` on what may change the answer,
  and, when a tier is configured, `X-Pole-Keys`: the tables the page was built from, which an edit
  purges by (core/purge.py).
- **private, no-store**: anything personal: a request with credentials or a cookie other than the
  CSRF and language ones (staff, previews of drafts, sessions), the admin, a response setting a
  cookie (a form's CSRF token, as on the contact form).
- **no-cache** (unless the view said otherwise): the rest, which no purge could reach (errors,
  redirects, files streamed, pages built while their tables were being written).

Why the ETag is weak: GZipMiddleware pads each compressed body with random bytes (against
BREACH), so the same page seldom has the same bytes twice on the wire; a weak validator promises
what is true, the same page, and serves both encodings and the 304. No Last-Modified: a date to the
second cannot tell apart two versions of a page built within the same second around an edit.

Why `Vary: Accept-Encoding, Cookie` and not `Accept-Language`: the language comes from the URL
only (French at the root, English under /en/; Django's LocaleMiddleware activates French for every
address without a prefix, whatever the browser asks), so LocaleMiddleware's `Accept-Language`
would only split a shared cache into one copy per browser setting. A session cookie does change
the answer (staff see drafts): a browser must not reuse an anonymous copy once logged in, and the
VCL removes the CSRF and language cookies so that anonymous visitors still share one copy.
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import split_header_value

from pole_artois.core.cache import UNCACHEABLE_DIRECTIVES, cache_directives, is_anonymous
from pole_artois.core.purge import KEYS_HEADER

VARY = ("Accept-Encoding", "Cookie")


def _personal(request, response):
    match = getattr(request, "resolver_match", None)
    return (
        not is_anonymous(request)
        or bool(response.cookies)
        or (match is not None and "admin" in match.namespaces)
    )


def _shareable(response, page):
    return (
        page is not None
        and page.fresh
        and response.status_code == 200
        and not cache_directives(response) & UNCACHEABLE_DIRECTIVES
    )


def _vary(response):
    kept = [
        name
        for name in split_header_value(response.get("Vary", ""))
        if name.lower() not in {"accept-language", *(header.lower() for header in VARY)}
    ]
    response.headers["Vary"] = ", ".join([*kept, *VARY])


class HttpCacheMiddleware:
    """Place it right after GZipMiddleware, before PageCacheMiddleware: it reads what the page
    cache noted on the request, and GZip then compresses (or not) what it answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(request, "_page_cache", None)
        if _personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif _shareable(response, page):
            return self._public(request, response, page)
        elif "Cache-Control" not in response:
            patch_cache_control(response, no_cache=True)
        return response

    @staticmethod
    def _public(request, response, page):
        patch_cache_control(
            response,
            public=True,
            max_age=settings.HTTP_CACHE_MAX_AGE,
            s_maxage=settings.HTTP_CACHE_SHARED_MAX_AGE,
            stale_while_revalidate=settings.HTTP_CACHE_STALE_WHILE_REVALIDATE,
        )
        response.headers["ETag"] = f'W/"{page.etag}"'
        _vary(response)
        if settings.HTTP_CACHE_PURGE_URLS:
            response.headers[KEYS_HEADER] = " ".join(sorted(page.tables))
        conditional = get_conditional_response(
            request, etag=response.headers["ETag"], response=response
        )
        if conditional is not response and KEYS_HEADER in response:
            conditional.headers[KEYS_HEADER] = response.headers[KEYS_HEADER]
        return conditional
