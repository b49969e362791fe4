"""System checks of the deployment that Django's own `check --deploy` does not know about."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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


@register(deploy=True)
def database_is_given(app_configs, **kwargs):
    if settings.DATABASES["default"]["ENGINE"] == "pole_artois.localdb":
        return [
            Warning(
                "DATABASE_URL is not set: the site runs on the checkout's own PostgreSQL "
                "(.pgdata/), a development database that no backup plan knows about.",
                hint="Set DATABASE_URL to the production PostgreSQL.",
                id="core.W002",
            )
        ]
    return []
