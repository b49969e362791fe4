from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def unsubscribe_address_is_https(app_configs, **kwargs):
    """Every e-mail's one-click unsubscribe is an address on SITE_URL; RFC 8058 wants HTTPS."""
    if urlsplit(settings.SITE_URL).scheme == "https":
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) is not https: the one-click unsubscribe address of "
            "the following e-mails would be refused by mail clients (RFC 8058).",
            hint="Serve the site over HTTPS and set SITE_URL to its https:// address.",
            id="following.W001",
        )
    ]
