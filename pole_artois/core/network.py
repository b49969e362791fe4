from django.conf import settings


def client_address(request):
    """The visitor's IP address; behind our one reverse proxy (BEHIND_TLS_PROXY), the one it saw.

    The proxy appends the address it received the request from: the last X-Forwarded-For entry is
    the only one a visitor cannot forge. Without a proxy the header is ignored, since anyone can
    send it (and would then escape rate limits and log-in lock-outs).
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
