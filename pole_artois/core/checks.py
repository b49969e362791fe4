"""System checks of the deployment that Django's own `check --deploy` does not know about."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS > 0 and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache lives in each process's memory: with several gunicorn workers, "
                "an edit in the admin evicts the old page from one worker only, and the others "
                "serve it until PAGE_CACHE_SECONDS have passed.",
                hint="Set REDIS_URL (several servers), or CACHE_DIR (one server).",
                id="core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_is_served(app_configs, **kwargs):
    """Canonical URLs, the sitemap and the feeds name SITE_URL: it must be this site's address."""
    site = urlsplit(settings.SITE_URL)
    if (
        site.scheme in {"http", "https"}
        and site.hostname
        and site.path in {"", "/"}
        and validate_host(site.hostname, settings.ALLOWED_HOSTS)
    ):
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) is not the address of a host this site serves: "
            "search engines and feed readers would be sent there.",
            hint="Set SITE_URL to the public address, e.g. https://www.example.fr, a host "
            "listed in ALLOWED_HOSTS.",
            id="core.W002",
        )
    ]


@register(deploy=True)
def database_is_given(app_configs, **kwargs):
    if settings.DATABASES["default"]["ENGINE"] == "pole_artois.localdb":
        return [
            Warning(
                "DATABASE_URL is not set: the site runs on the checkout's own PostgreSQL "
                "(.pgdata/), a development database that no backup plan knows about.",
                hint="Set DATABASE_URL to the production PostgreSQL.",
                id="core.W003",
            )
        ]
    return []


@register(Tags.caches)
def purge_urls_are_addresses(app_configs, **kwargs):
    """A purge sent to an address that is not one would leave every edit unseen behind the tier."""
    return [
        Warning(
            f"HTTP_CACHE_PURGE_URLS lists {url!r}, which is not the address of a Varnish: "
            "edits would not purge it.",
            hint="List addresses such as http://10.0.0.5:6081/, separated by commas.",
            id="core.W004",
        )
        for url in settings.HTTP_CACHE_PURGE_URLS
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname
    ]
