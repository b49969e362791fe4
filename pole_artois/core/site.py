"""The site's own address, `settings.SITE_URL`, for every absolute URL the site writes.

Canonical and hreflang links, the sitemap, the feeds, structured data and open data name pages
by this one address, never by the request's Host header: Django lets `127.0.0.1:1` or
`127.0.0.1.` through for an allowed host `127.0.0.1`, and a cached page would then give that
address to every visitor and search engine.
"""

import copy
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language


def absolute_url(path):
    """`path` (`/territoire/`) on the site's address; an absolute URL is returned as it is."""
    if _plain(path):
        # What urljoin() would give, without parsing both addresses each time: every page
        # writes a dozen (canonical, hreflang, Open Graph, structured data).
        return _origin(settings.SITE_URL) + path
    return urljoin(f"{settings.SITE_URL}/", path)


def _plain(path):
    """Whether urljoin() would keep `path` (a path, not an address) as it is: it resolves dot
    segments and drops empty parameters, queries and fragments."""
    return (
        path.startswith("/")
        and not path.startswith("//")
        and "/." not in path
        and ";" not in path
        and not path.endswith(("?", "#"))
        and "?#" not in path
    )


@lru_cache(maxsize=8)
def _origin(site_url):
    site = urlsplit(site_url)
    return f"{site.scheme}://{site.netloc}"


def site_host():
    """The site's host name, without port (`www.example.fr`)."""
    return urlsplit(settings.SITE_URL).hostname


def as_site_request(request):
    """A copy of `request` that says it came to SITE_URL, for Django code that builds its
    absolute URLs from the request it is given (the syndication framework)."""
    site = urlsplit(settings.SITE_URL)
    copied = copy.copy(request)
    copied.get_host = lambda: site.netloc
    copied.is_secure = lambda: site.scheme == "https"
    copied._current_scheme_host = f"{site.scheme}://{site.netloc}"
    return copied


class NamedLinks:
    """A fixed list of links, given as (URL name, translatable label): their addresses and labels
    in the current language, worked out once per language (they change only with it), for lists
    that every page or many pages write (the main menu, a search's "browse" links)."""

    def __init__(self, pairs):
        self.pairs = tuple(pairs)
        self._by_language = {}

    def __iter__(self):
        language = get_language()
        if (links := self._by_language.get(language)) is None:
            links = self._by_language[language] = tuple(
                (reverse(name), str(label)) for name, label in self.pairs
            )
        return iter(links)
